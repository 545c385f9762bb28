//! Parsers for what people type: durations, dates and moments. Errors say what was wrong and which
//! forms work, because the message goes straight to the user.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use crate::error::{Error, ErrorCode, Result};
use crate::i18n;
use crate::models::{DayKind, TaskSummary};
use crate::t;

/// What the user asked for that cannot be done as asked: something typed that we cannot use, a
/// task that no open task or several match, a timer on a day off that needs a confirmation.
#[derive(Debug)]
pub enum InputError {
    /// The message says what was wrong and how to fix it.
    Invalid(String),
    /// The project takes time from the timer only (a project option in Worksection).
    TimerOnly {
        project: String,
    },
    TaskNotFound {
        query: String,
    },
    AmbiguousTask {
        query: String,
        candidates: Vec<TaskSummary>,
    },
    /// Starting a timer on a day marked as vacation or sick leave needs a confirmation.
    DayOff {
        kind: DayKind,
    },
    /// An away question about a timer that no longer runs: its entry is saved already.
    AwayTimerGone {
        task: String,
    },
    /// No away question waits (with that number).
    NoAwayQuestion {
        id: Option<i64>,
    },
}

impl std::error::Error for InputError {}

/// In the language of this process: these go straight to the person who typed the input.
impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            InputError::Invalid(message) => message.clone(),
            InputError::TimerOnly { project } => {
                t!("input-timer-only", project = project.as_str())
            }
            InputError::TaskNotFound { query } => {
                t!("input-task-not-found", query = query.as_str())
            }
            InputError::AmbiguousTask { query, candidates } => t!(
                "input-task-ambiguous",
                query = query.as_str(),
                count = candidates.len()
            ),
            InputError::DayOff { kind } => match kind {
                DayKind::SickLeave => t!("input-day-off-sick"),
                _ => t!("input-day-off-vacation"),
            },
            InputError::AwayTimerGone { task } => {
                t!("input-away-timer-gone", task = task.as_str())
            }
            InputError::NoAwayQuestion { id: None } => t!("input-no-away"),
            InputError::NoAwayQuestion { id: Some(id) } => t!("input-no-away-number", id = *id),
        };
        f.write_str(&text)
    }
}

impl InputError {
    pub fn code(&self) -> ErrorCode {
        match self {
            InputError::Invalid(_)
            | InputError::TimerOnly { .. }
            | InputError::AwayTimerGone { .. }
            | InputError::NoAwayQuestion { .. } => ErrorCode::InvalidInput,
            InputError::TaskNotFound { .. } => ErrorCode::TaskNotFound,
            InputError::AmbiguousTask { .. } => ErrorCode::AmbiguousTask,
            InputError::DayOff { .. } => ErrorCode::DayOff,
        }
    }

    /// The tasks to choose from when the query matched several.
    pub fn candidates(&self) -> &[TaskSummary] {
        match self {
            InputError::AmbiguousTask { candidates, .. } => candidates,
            _ => &[],
        }
    }
}

/// The longest single entry we accept: a day. Anything longer is almost certainly a typo
/// (`130` meant as 1:30 is accepted as 2 h 10 min, but `1300` is refused).
pub const MAX_ENTRY_MINUTES: u32 = 24 * 60;

/// Parses a duration into whole minutes.
///
/// Accepted: `1:30` and `0:09` (hours:minutes), `0.15` / `0,15` / `1.5h` (decimal hours, as the
/// vendor's examples use them: 0.15 h = 9 min), `2h`, `90m`, `1h30m`, `1h 30m`, `1 h 30 min`,
/// the same with Ukrainian and Russian units (`1 год 30 хв`, `1ч30м`, `1 ч 30 мин`, `1,5 год`),
/// and a bare whole number meaning minutes (`45`).
pub fn parse_duration(input: &str) -> Result<u32> {
    let typed = input.trim();
    let text = typed.to_lowercase();
    let invalid = || Error::invalid_input(t!("parse-duration-invalid", input = typed));
    if text.is_empty() {
        return Err(Error::invalid_input(t!("parse-duration-empty")));
    }
    let minutes = if let Some((hours, minutes)) = text.split_once(':') {
        let hours: u32 = digits(hours).ok_or_else(invalid)?;
        let minutes: u32 = digits(minutes).ok_or_else(invalid)?;
        if minutes >= 60 {
            return Err(Error::invalid_input(t!(
                "parse-duration-colon-minutes",
                input = typed,
                minutes = minutes
            )));
        }
        hours
            .checked_mul(60)
            .and_then(|h| h.checked_add(minutes))
            .ok_or_else(invalid)?
    } else if text.chars().all(|c| c.is_ascii_digit()) {
        digits(&text).ok_or_else(invalid)?
    } else if text
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        decimal_hours_to_minutes(&text).ok_or_else(invalid)?
    } else {
        unit_duration(&text).ok_or_else(invalid)?
    };
    if minutes == 0 {
        return Err(Error::invalid_input(t!(
            "parse-duration-zero",
            input = typed
        )));
    }
    if minutes > MAX_ENTRY_MINUTES {
        return Err(Error::invalid_input(t!(
            "parse-duration-too-long",
            input = typed,
            length = format_hmm(minutes)
        )));
    }
    Ok(minutes)
}

fn digits(text: &str) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() || text.len() > 6 || !text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `1.5` → 90, `0,15` → 9 (rounded to the nearest minute).
fn decimal_hours_to_minutes(text: &str) -> Option<u32> {
    let normal = text.replace(',', ".");
    if normal.matches('.').count() > 1 || normal.len() > 9 {
        return None;
    }
    let hours: f64 = normal.parse().ok()?;
    if !hours.is_finite() || hours < 0.0 {
        return None;
    }
    let minutes = (hours * 60.0).round();
    (minutes <= f64::from(u32::MAX)).then_some(minutes as u32)
}

/// What people write after a number of hours: English, Ukrainian (`год`, `година`…) and
/// Russian (`ч`, `час`…).
const HOUR_UNITS: [&str; 15] = [
    "h",
    "hr",
    "hrs",
    "hour",
    "hours",
    "г",
    "год",
    "година",
    "години",
    "годин",
    "ч",
    "час",
    "часа",
    "часов",
    "часы",
];
/// And after minutes: `m`, `min`, `хв`, `хвилин`, `м`, `мин`, `минут`…
const MINUTE_UNITS: [&str; 15] = [
    "m",
    "min",
    "mins",
    "minute",
    "minutes",
    "хв",
    "хвилина",
    "хвилини",
    "хвилин",
    "м",
    "мин",
    "минута",
    "минуты",
    "минут",
    "хвил",
];

/// `2h`, `90m`, `1h30m`, `1h 30m`, `1.5h`, `1 h 30 min`, `1 год 30 хв`, `1ч30м`: numbers each
/// followed by a unit.
fn unit_duration(text: &str) -> Option<u32> {
    let mut total: u32 = 0;
    let mut rest = text.trim();
    let mut seen_hours = false;
    let mut seen_minutes = false;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(rest.len());
        if number_len == 0 {
            return None;
        }
        let (number, after) = rest.split_at(number_len);
        let after = after.trim_start();
        let unit_len = after
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(after.len());
        let (unit, after) = after.split_at(unit_len);
        // A unit may end in a full stop, as abbreviations do in Ukrainian and Russian
        // ("1 год. 30 хв.").
        let after = after.strip_prefix('.').unwrap_or(after);
        let part = match unit {
            unit if HOUR_UNITS.contains(&unit) && !seen_hours => {
                seen_hours = true;
                decimal_hours_to_minutes(number)?
            }
            unit if MINUTE_UNITS.contains(&unit) && !seen_minutes => {
                seen_minutes = true;
                digits(number)?
            }
            _ => return None,
        };
        total = total.checked_add(part)?;
        rest = after.trim_start();
    }
    Some(total)
}

/// When a timer the user forgot to start should have started, as typed after `--since`: a
/// clock time today (`9:30`, `09:05`: the form with a colon is a clock time here, not a
/// duration) or how long ago (`25m`, `1h30m`, `1.5h`, `45`). Never after `now`, never before
/// today: older time is logged as an entry.
pub fn parse_since(input: &str, now: NaiveDateTime) -> Result<NaiveDateTime> {
    let text = input.trim();
    let invalid = |why: String| Err(Error::invalid_input(why));
    let since = if let Some((hours, minutes)) = text.split_once(':') {
        let clock = hours
            .parse::<u32>()
            .ok()
            .zip(minutes.parse::<u32>().ok())
            .filter(|_| minutes.len() == 2)
            .and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0));
        let Some(clock) = clock else {
            return invalid(t!("parse-since-not-clock", input = text));
        };
        let since = now.date().and_time(clock);
        if since > now {
            return invalid(t!(
                "parse-since-later",
                time = since.format("%-H:%M").to_string()
            ));
        }
        since
    } else {
        let minutes = parse_duration(text)
            .map_err(|_| Error::invalid_input(t!("parse-since-invalid", input = text)))?;
        now - Duration::minutes(i64::from(minutes))
    };
    if since.date() != now.date() {
        let when = format!(
            "{} {}",
            i18n::format_day(i18n::current(), since.date(), false),
            since.format("%-H:%M")
        );
        return invalid(t!("parse-since-before-today", when = when));
    }
    Ok(since)
}

/// Writes minutes as the `H:MM` that Worksection expects and shows (`90` → `1:30`).
pub fn format_hmm(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// A friendly form for people, in the language of this process: `1 h 30 min`, `45 хв`, `2 ч`.
pub fn format_human(minutes: u32) -> String {
    i18n::format_minutes(i18n::current(), minutes)
}

/// Which way a weekday name points: back for time already worked, ahead for days off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeekdayDirection {
    /// `mon` means the most recent Monday, today included.
    Past,
    /// `mon` means the next Monday, today included.
    Future,
}

/// Parses a date relative to `today`: `today`, `yesterday`, `tomorrow` (and `сьогодні`,
/// `вчора`, `завтра`, `сегодня`, `вчера`), a weekday (`mon`, `tuesday`, `пн`, `вівторок`,
/// `вс`), `DD.MM.YYYY` or `YYYY-MM-DD`.
pub fn parse_date(input: &str, today: NaiveDate, direction: WeekdayDirection) -> Result<NaiveDate> {
    let text = input.trim().to_lowercase();
    match text.as_str() {
        "" | "today" | "сьогодні" | "сегодня" => return Ok(today),
        "yesterday" | "вчора" | "учора" | "вчера" => {
            return Ok(today - Duration::days(1))
        }
        "tomorrow" | "завтра" => return Ok(today + Duration::days(1)),
        _ => {}
    }
    if let Some(weekday) = parse_weekday(&text) {
        let today_index = i64::from(today.weekday().num_days_from_monday());
        let target = i64::from(weekday.num_days_from_monday());
        let offset = match direction {
            WeekdayDirection::Past => -((today_index - target).rem_euclid(7)),
            WeekdayDirection::Future => (target - today_index).rem_euclid(7),
        };
        return Ok(today + Duration::days(offset));
    }
    for format in ["%d.%m.%Y", "%Y-%m-%d"] {
        if let Ok(date) = NaiveDate::parse_from_str(&text, format) {
            return Ok(date);
        }
    }
    Err(Error::invalid_input(t!(
        "parse-date-invalid",
        input = input.trim()
    )))
}

fn parse_weekday(text: &str) -> Option<Weekday> {
    use Weekday::{Fri, Mon, Sat, Sun, Thu, Tue, Wed};
    // The two-letter abbreviations of the Ukrainian and Russian calendars.
    let short = [
        ("пн", Mon),
        ("вт", Tue),
        ("ср", Wed),
        ("чт", Thu),
        ("пт", Fri),
        ("сб", Sat),
        ("нд", Sun),
        ("вс", Sun),
    ];
    if let Some((_, day)) = short.iter().find(|(name, _)| *name == text) {
        return Some(*day);
    }
    let days = [
        (Mon, "monday"),
        (Tue, "tuesday"),
        (Wed, "wednesday"),
        (Thu, "thursday"),
        (Fri, "friday"),
        (Sat, "saturday"),
        (Sun, "sunday"),
        (Mon, "понеділок"),
        (Tue, "вівторок"),
        (Wed, "середа"),
        (Thu, "четвер"),
        (Fri, "п'ятниця"),
        (Sat, "субота"),
        (Sun, "неділя"),
        (Mon, "понедельник"),
        (Tue, "вторник"),
        (Wed, "среда"),
        (Thu, "четверг"),
        (Fri, "пятница"),
        (Sat, "суббота"),
        (Sun, "воскресенье"),
    ];
    // Ukrainian writes its apostrophe three ways.
    let text = text.replace(['’', 'ʼ'], "'");
    // Any prefix of three letters or more ("tue", "thur", "пон", "серед") names one day
    // unambiguously: where two languages share a prefix they mean the same day.
    if text.chars().count() < 3 {
        return None;
    }
    days.iter()
        .find(|(_, name)| name.starts_with(&text))
        .map(|(day, _)| *day)
}

/// Dates go to Worksection as `DD.MM.YYYY`.
pub fn format_ws_date(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_is_a_clock_time_today_or_how_long_ago() {
        let now = NaiveDate::from_ymd_opt(2026, 12, 2)
            .unwrap()
            .and_hms_opt(10, 15, 40)
            .unwrap();
        let at = |h, m, s| now.date().and_hms_opt(h, m, s).unwrap();
        assert_eq!(parse_since("9:30", now).unwrap(), at(9, 30, 0));
        assert_eq!(parse_since(" 09:05 ", now).unwrap(), at(9, 5, 0));
        assert_eq!(parse_since("25m", now).unwrap(), at(9, 50, 40));
        assert_eq!(parse_since("1h30m", now).unwrap(), at(8, 45, 40));
        assert_eq!(parse_since("45", now).unwrap(), at(9, 30, 40));
        for (typed, says) in [
            ("11:00", "later than now"),
            ("24:10", "not a time of day"),
            ("9:5", "not a time of day"),
            ("soon", "not a time"),
            ("11h", "before today"),
        ] {
            let error = parse_since(typed, now).unwrap_err();
            assert_eq!(error.code(), crate::ErrorCode::InvalidInput, "{typed}");
            assert!(error.to_string().contains(says), "{typed}: {error}");
        }
    }
    use proptest::prelude::*;

    #[test]
    fn every_documented_duration_form() {
        let table = [
            ("0.15", 9),
            ("0,15", 9),
            ("0:09", 9),
            ("1:30", 90),
            ("1h30m", 90),
            ("1h 30m", 90),
            ("1 h 30 min", 90),
            ("90m", 90),
            ("1.5h", 90),
            ("1,5h", 90),
            ("2h", 120),
            ("45", 45),
            (" 2H ", 120),
            ("24:00", 1440),
        ];
        for (input, minutes) in table {
            assert_eq!(parse_duration(input).unwrap(), minutes, "{input}");
        }
    }

    #[test]
    fn durations_as_ukrainians_and_russians_type_them() {
        let table = [
            ("1,5", 90),
            ("1,5 год", 90),
            ("1 год 30 хв", 90),
            ("1 год. 30 хв.", 90),
            ("2 години", 120),
            ("5 годин", 300),
            ("45 хв", 45),
            ("1ч30м", 90),
            ("1 ч 30 мин", 90),
            ("1ч 30мин", 90),
            ("2 часа", 120),
            ("90 минут", 90),
            ("1,25ч", 75),
            ("1 Год 5 Хв", 65),
        ];
        for (input, minutes) in table {
            assert_eq!(parse_duration(input).unwrap(), minutes, "{input}");
        }
        for input in ["1 год 1 год", "год", "1 хв 2 год 3 хв", "1 днів"] {
            assert!(parse_duration(input).is_err(), "{input}");
        }
    }

    #[test]
    fn dates_as_ukrainians_and_russians_type_them() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(); // a Wednesday
        let past = |s| parse_date(s, today, WeekdayDirection::Past).unwrap();
        let future = |s| parse_date(s, today, WeekdayDirection::Future).unwrap();
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        for word in ["сьогодні", "Сегодня"] {
            assert_eq!(past(word), today, "{word}");
        }
        for word in ["вчора", "учора", "вчера", "ВЧЕРА"] {
            assert_eq!(past(word), day(24), "{word}");
        }
        assert_eq!(future("завтра"), day(26));
        for (word, date) in [
            ("пн", 23),
            ("вт", 24),
            ("ср", 25),
            ("чт", 19),
            ("пт", 20),
            ("сб", 21),
            ("нд", 22),
            ("вс", 22),
            ("понеділок", 23),
            ("п'ятниця", 20),
            ("п’ятн", 20),
            ("четверг", 19),
            ("воскр", 22),
            ("суб", 21),
        ] {
            assert_eq!(past(word), day(date), "{word}");
        }
        assert_eq!(future("пн"), day(30));
        assert!(parse_date("п", today, WeekdayDirection::Past).is_err());
        assert!(parse_date("колись", today, WeekdayDirection::Past).is_err());
    }

    #[test]
    fn bad_durations_say_what_is_wrong() {
        for input in [
            "", "abc", "1:75", "0", "0:00", "25h", "1h1h", "h", "1.2.3", "-5", "1:30:00", "30m1h2m",
        ] {
            let error = parse_duration(input).unwrap_err();
            assert_eq!(error.code(), crate::ErrorCode::InvalidInput, "{input}");
        }
        assert!(parse_duration("1:75")
            .unwrap_err()
            .to_string()
            .contains("00 to 59"));
        assert!(parse_duration("25h")
            .unwrap_err()
            .to_string()
            .contains("longer than a day"));
    }

    #[test]
    fn dates_relative_to_today() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(); // a Wednesday
        let past = |s| parse_date(s, today, WeekdayDirection::Past).unwrap();
        let future = |s| parse_date(s, today, WeekdayDirection::Future).unwrap();
        assert_eq!(past("today"), today);
        assert_eq!(
            past("yesterday"),
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
        );
        assert_eq!(past("mon"), NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        assert_eq!(past("wednesday"), today);
        assert_eq!(past("thu"), NaiveDate::from_ymd_opt(2026, 11, 19).unwrap());
        assert_eq!(
            future("mon"),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
        );
        assert_eq!(future("wed"), today);
        assert_eq!(
            past("24.11.2026"),
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
        );
        assert_eq!(
            past("2026-11-24"),
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
        );
        assert!(parse_date("31.02.2026", today, WeekdayDirection::Past).is_err());
        assert!(parse_date("someday", today, WeekdayDirection::Past).is_err());
    }

    #[test]
    fn formats() {
        assert_eq!(format_hmm(9), "0:09");
        assert_eq!(format_hmm(6219), "103:39");
        assert_eq!(format_human(90), "1 h 30 min");
        assert_eq!(format_human(45), "45 min");
        assert_eq!(
            format_ws_date(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()),
            "05.01.2026"
        );
    }

    proptest! {
        #[test]
        fn duration_parser_never_panics(input in ".{0,40}") {
            let _ = parse_duration(&input);
        }

        #[test]
        fn date_parser_never_panics(input in ".{0,40}") {
            let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
            let _ = parse_date(&input, today, WeekdayDirection::Past);
        }

        #[test]
        fn what_we_send_parses_back_to_the_same_minutes(minutes in 1u32..=MAX_ENTRY_MINUTES) {
            prop_assert_eq!(parse_duration(&format_hmm(minutes)).unwrap(), minutes);
        }

        #[test]
        fn dates_round_trip(days in 0i64..40_000) {
            let date = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + Duration::days(days);
            let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
            prop_assert_eq!(parse_date(&format_ws_date(date), today, WeekdayDirection::Past).unwrap(), date);
        }
    }
}
