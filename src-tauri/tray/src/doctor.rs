//! `worktray doctor`: which presence sources work on this desktop, and why the others do not.
//! It runs in the CLI's own process, so it sees the session the command was typed in — the
//! same environment a daemon started from there would have.

use std::process::ExitCode;

use serde::Serialize;

use crate::presence::{self, Kind, Unavailable};

/// One source, as the doctor found it.
#[derive(Debug, PartialEq, Serialize)]
pub struct Finding {
    pub source: &'static str,
    pub kind: Kind,
    pub watches: &'static str,
    pub works: bool,
    /// Why it does not work; `None` when it does.
    pub reason: Option<String>,
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
            reason: outcome.err().map(|reason| reason.to_string()),
            used: false,
        });
    }
    let probed: Vec<_> = findings.iter().map(|f| (f.kind, f.works)).collect();
    for (finding, used) in findings.iter_mut().zip(presence::to_run(&probed)) {
        finding.used = used;
    }
    findings
}

/// The findings as lines for a person.
pub fn report(findings: &[Finding]) -> String {
    let width = findings.iter().map(|f| f.source.len()).max().unwrap_or(0);
    let mut text = String::new();
    for finding in findings {
        let verdict = match (&finding.reason, finding.used) {
            (None, true) => "works (used)".to_owned(),
            (None, false) => "works (not needed: an earlier idle source works)".to_owned(),
            (Some(reason), _) => format!("does not work: {reason}"),
        };
        text.push_str(&format!(
            "{:width$}  {verdict}\n    {}\n",
            finding.source, finding.watches
        ));
    }
    for (kind, missing) in [
        (
            Kind::Idle,
            "no idle time: away time comes only from locks and sleeps",
        ),
        (Kind::Lock, "no screen lock is seen"),
        (
            Kind::Sleep,
            "sleep is seen only afterwards, as a jump of the clock",
        ),
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

    fn finding(source: &'static str, kind: Kind, reason: Option<&str>, used: bool) -> Finding {
        Finding {
            source,
            kind,
            watches: "something",
            works: reason.is_none(),
            reason: reason.map(str::to_owned),
            used,
        }
    }

    #[test]
    fn the_report_names_each_source_and_what_is_missing() {
        let text = report(&[
            finding("x11-idle", Kind::Idle, Some("no DISPLAY"), false),
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

    #[test]
    fn the_json_form_carries_the_reason() {
        let json = serde_json::to_value([finding(
            "mutter-idle",
            Kind::Idle,
            Some("org.gnome.Mutter.IdleMonitor is not on the session bus"),
            false,
        )])
        .expect("json");
        assert_eq!(
            json,
            serde_json::json!([{
                "source": "mutter-idle",
                "kind": "idle",
                "watches": "something",
                "works": false,
                "reason": "org.gnome.Mutter.IdleMonitor is not on the session bus",
                "used": false,
            }])
        );
    }
}
