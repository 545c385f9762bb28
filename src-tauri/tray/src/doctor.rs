//! `worktray doctor`: which presence sources work on this desktop, and why the others do not.
//! It runs in the CLI's own process, so it sees the session the command was typed in — the
//! same environment a daemon started from there would have.

use std::process::ExitCode;

use serde::{Serialize, Serializer};
use worktray_core::i18n::{self, Lang};
use worktray_core::t;

use crate::presence::{self, Kind, Unavailable};

/// One source, as the doctor found it. `--json` is read by scripts: it says what a source
/// watches and why it does not work in English, whatever the locale.
#[derive(Debug, PartialEq, Serialize)]
pub struct Finding {
    pub source: &'static str,
    pub kind: Kind,
    /// The catalogue id of what it watches.
    #[serde(serialize_with = "in_english")]
    pub watches: &'static str,
    pub works: bool,
    /// Why it does not work; `None` when it does.
    pub reason: Option<Unavailable>,
    /// Whether the daemon would use it: of the idle sources only the first that works.
    pub used: bool,
}

/// Every source, probed in order of preference.
pub async fn examine() -> Vec<Finding> {
    let buses = presence::Buses::connect().await;
    let mut findings = Vec::new();
    for source in presence::sources(&buses) {
        let outcome: Result<(), Unavailable> = source.probe().await;
        findings.push(Finding {
            source: source.name(),
            kind: source.kind(),
            watches: source.watches(),
            works: outcome.is_ok(),
            reason: outcome.err(),
            used: false,
        });
    }
    let probed: Vec<_> = findings.iter().map(|f| (f.kind, f.works)).collect();
    for (finding, used) in findings.iter_mut().zip(presence::to_run(&probed)) {
        finding.used = used;
    }
    findings
}

fn in_english<S: Serializer>(id: &&'static str, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&i18n::message(Lang::En, id, None))
}

/// The findings as lines for a person.
pub fn report(findings: &[Finding]) -> String {
    let width = findings.iter().map(|f| f.source.len()).max().unwrap_or(0);
    let mut text = String::new();
    for finding in findings {
        let verdict = match (&finding.reason, finding.used) {
            (None, true) => t!("doctor-works-used"),
            (None, false) => t!("doctor-works-not-needed"),
            (Some(reason), _) => t!("doctor-does-not-work", reason = reason.to_string()),
        };
        text.push_str(&format!(
            "{:width$}  {verdict}\n    {}\n",
            finding.source,
            i18n::message(i18n::current(), finding.watches, None)
        ));
    }
    for (kind, missing) in [
        (Kind::Idle, t!("doctor-missing-idle")),
        (Kind::Lock, t!("doctor-missing-lock")),
        (Kind::Sleep, t!("doctor-missing-sleep")),
    ] {
        if !findings.iter().any(|f| f.kind == kind && f.used) {
            text.push_str(&format!("⚠ {missing}\n"));
        }
    }
    text
}

pub fn run(json: bool) -> ExitCode {
    let runtime = match crate::cli::one_shot_runtime() {
        Ok(runtime) => runtime,
        Err(failed) => return failed,
    };
    let findings = runtime.block_on(examine());
    if json {
        match serde_json::to_string_pretty(&findings) {
            Ok(text) => println!("{text}"),
            Err(error) => {
                eprintln!("worktray: {error}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print!("{}", report(&findings));
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(
        source: &'static str,
        kind: Kind,
        reason: Option<Unavailable>,
        used: bool,
    ) -> Finding {
        Finding {
            source,
            kind,
            watches: "doctor-watches-mutter-idle",
            works: reason.is_none(),
            reason,
            used,
        }
    }

    #[test]
    fn the_report_names_each_source_and_what_is_missing() {
        let text = report(&[
            finding("x11-idle", Kind::Idle, Some(Unavailable::NoDisplay), false),
            finding("mutter-idle", Kind::Idle, None, true),
            finding("screensaver-idle", Kind::Idle, None, false),
            finding("logind-sleep", Kind::Sleep, None, true),
        ]);
        assert!(
            text.contains("x11-idle          does not work: no DISPLAY"),
            "{text}"
        );
        assert!(text.contains("mutter-idle       works (used)"), "{text}");
        assert!(
            text.contains("screensaver-idle  works (not needed"),
            "{text}"
        );
        assert!(text.contains("⚠ no screen lock is seen"), "{text}");
        assert!(!text.contains("no idle time"), "{text}");
        assert!(!text.contains("jump of the clock"), "{text}");
    }

    /// A reason is said in the language asked for; the JSON of scripts says it in English.
    #[test]
    fn a_reason_speaks_ukrainian_and_russian() {
        let missing = Unavailable::NotOnBus {
            name: "org.gnome.ScreenSaver",
            bus: presence::BusKind::Session,
        };
        assert_eq!(
            missing.text_in(Lang::Uk),
            "org.gnome.ScreenSaver немає на сеансовій шині"
        );
        assert_eq!(
            missing.text_in(Lang::Ru),
            "org.gnome.ScreenSaver нет на сеансовой шине"
        );
        assert_eq!(
            serde_json::to_value(&missing).expect("json"),
            serde_json::json!("org.gnome.ScreenSaver is not on the session bus")
        );
    }

    #[test]
    fn the_json_form_carries_the_reason() {
        let json = serde_json::to_value([finding(
            "mutter-idle",
            Kind::Idle,
            Some(Unavailable::NotOnBus {
                name: "org.gnome.Mutter.IdleMonitor",
                bus: presence::BusKind::Session,
            }),
            false,
        )])
        .expect("json");
        assert_eq!(
            json,
            serde_json::json!([{
                "source": "mutter-idle",
                "kind": "idle",
                "watches": "the idle time of GNOME (org.gnome.Mutter.IdleMonitor)",
                "works": false,
                "reason": "org.gnome.Mutter.IdleMonitor is not on the session bus",
                "used": false,
            }])
        );
    }
}
