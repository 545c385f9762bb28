//! Where the person is, as the desktop tells it (#11): idle time, the screen lock, sleep and
//! shutdown, each from whichever platform service this desktop has. The sources only report
//! `away::Signal`s; what they mean for a running timer is the core's business
//! (`Tracker::observe_presence`). A source this desktop lacks costs a debug line, nothing more.

mod idle;
mod lock;
mod logind;
mod x11;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinSet;
use worktray_core::away::Signal;
use worktray_core::i18n::{self, Lang};
use worktray_core::service::Tracker;
use worktray_core::supervisor::Shutdown;
use worktray_core::t_in;
use zbus::Connection;

/// A future a source returns, boxed so that the sources can live in one list.
pub type Running<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// How often the idle time is read: a local round trip, no API request; fine enough against
/// a threshold counted in minutes.
const IDLE_EVERY: Duration = Duration::from_secs(5);

/// One platform source of presence signals.
pub trait Source: Send + Sync {
    /// Its name in `worktray doctor` and in the log.
    fn name(&self) -> &'static str;
    /// What it watches: the catalogue id of its words.
    fn watches(&self) -> &'static str;
    fn kind(&self) -> Kind;
    /// Whether it works on this desktop, or why not.
    fn probe(&self) -> Running<'_, Result<(), Unavailable>>;
    /// Reports what it sees until it can see no more (its bus went away). Dropping the future
    /// stops it, and releases whatever it held.
    fn watch(&self, signals: Signals) -> Running<'static, ()>;
}

/// What a source tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Readings of the idle time: one such source is enough, and several would only repeat it.
    Idle,
    /// The screen lock: every one that works runs, since desktops tell it in different places.
    Lock,
    /// Suspend and shutdown.
    Sleep,
}

/// Which bus a D-Bus source is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BusKind {
    Session,
    System,
}

impl BusKind {
    /// The bus as the catalogue's messages select their words by.
    fn code(self) -> &'static str {
        match self {
            BusKind::Session => "session",
            BusKind::System => "system",
        }
    }
}

/// Why a source does not work here.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum Unavailable {
    NoDisplay,
    XWayland,
    NoXServer {
        display: String,
        error: String,
    },
    /// The display has no screen of the number `DISPLAY` names.
    NoScreen {
        display: String,
        screen: usize,
    },
    NoScreenSaverExtension,
    NoBus {
        bus: BusKind,
        error: String,
    },
    NotOnBus {
        name: &'static str,
        bus: BusKind,
    },
    /// logind knows no session of this process, and `XDG_SESSION_ID` names none.
    NoSession {
        error: String,
    },
    /// `what`: the D-Bus or X11 call, signal or interface that failed, by its own name.
    Failed {
        what: &'static str,
        error: String,
    },
}

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text_in(i18n::current()))
    }
}

/// `worktray doctor --json` says why in English whatever the locale: it is read by scripts.
impl Serialize for Unavailable {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text_in(Lang::En))
    }
}

impl Unavailable {
    /// Why, in words of `lang`; what the system said stays as it came.
    pub fn text_in(&self, lang: Lang) -> String {
        match self {
            Unavailable::NoDisplay => t_in!(lang, "presence-no-display"),
            Unavailable::XWayland => t_in!(lang, "presence-xwayland"),
            Unavailable::NoXServer { display, error } => t_in!(
                lang,
                "presence-no-x-server",
                display = display.as_str(),
                error = error.as_str()
            ),
            Unavailable::NoScreen { display, screen } => t_in!(
                lang,
                "presence-no-screen",
                display = display.as_str(),
                screen = screen.to_string()
            ),
            Unavailable::NoScreenSaverExtension => t_in!(lang, "presence-no-screen-saver"),
            Unavailable::NoBus { bus, error } => t_in!(
                lang,
                "presence-no-bus",
                bus = bus.code(),
                error = error.as_str()
            ),
            Unavailable::NotOnBus { name, bus } => {
                t_in!(lang, "presence-not-on-bus", name = *name, bus = bus.code())
            }
            Unavailable::NoSession { error } => {
                t_in!(lang, "presence-no-session", error = error.as_str())
            }
            Unavailable::Failed { what, error } => {
                t_in!(
                    lang,
                    "presence-failed",
                    what = *what,
                    error = error.as_str()
                )
            }
        }
    }
}

/// A bus connection, or why there is none.
pub type Bus = Result<Connection, Unavailable>;

/// The two buses, connected once for every source on them.
#[derive(Clone)]
pub struct Buses {
    pub session: Bus,
    pub system: Bus,
}

impl Buses {
    /// Both buses of this environment (`DBUS_SESSION_BUS_ADDRESS`, `DBUS_SYSTEM_BUS_ADDRESS` or
    /// the standard places).
    pub async fn connect() -> Buses {
        let session = Connection::session()
            .await
            .map_err(|error| Unavailable::NoBus {
                bus: BusKind::Session,
                error: error.to_string(),
            });
        let system = Connection::system()
            .await
            .map_err(|error| Unavailable::NoBus {
                bus: BusKind::System,
                error: error.to_string(),
            });
        Buses { session, system }
    }
}

/// Whether `name` has an owner on `bus`: a missing service is said as such, not as the error
/// of a call that nobody answered.
async fn on_bus(bus: &Bus, kind: BusKind, name: &'static str) -> Result<Connection, Unavailable> {
    let connection = bus.clone()?;
    let failed = |error: zbus::Error| Unavailable::Failed {
        what: "NameHasOwner",
        error: error.to_string(),
    };
    let dbus = zbus::fdo::DBusProxy::new(&connection)
        .await
        .map_err(failed)?;
    let owned = dbus
        .name_has_owner(zbus::names::BusName::try_from(name).map_err(failed)?)
        .await
        .map_err(|error| failed(error.into()))?;
    if owned {
        Ok(connection)
    } else {
        Err(Unavailable::NotOnBus { name, bus: kind })
    }
}

/// Every source this build knows, in the order of preference (the idle sources first to last).
pub fn sources(buses: &Buses) -> Vec<Arc<dyn Source>> {
    let session_type = std::env::var("XDG_SESSION_TYPE").ok();
    let display = std::env::var("DISPLAY").ok().filter(|d| !d.is_empty());
    vec![
        Arc::new(x11::X11Idle::new(display, session_type)),
        Arc::new(idle::BusIdle::mutter(&buses.session)),
        Arc::new(idle::BusIdle::freedesktop(&buses.session)),
        Arc::new(lock::ScreenSaverLock::freedesktop(&buses.session)),
        Arc::new(lock::ScreenSaverLock::gnome(&buses.session)),
        Arc::new(logind::SessionLock::new(&buses.system)),
        Arc::new(logind::Sleep::new(&buses.system)),
    ]
}

/// Which of the sources to run, given what each is and whether it works, in order: the first
/// idle source that works, and every lock and sleep source that works.
pub fn to_run(probed: &[(Kind, bool)]) -> Vec<bool> {
    let mut idle_taken = false;
    probed
        .iter()
        .map(|&(kind, works)| match kind {
            Kind::Idle if works && !idle_taken => {
                idle_taken = true;
                true
            }
            Kind::Idle => false,
            Kind::Lock | Kind::Sleep => works,
        })
        .collect()
}

/// What a source reports through: each signal waits until the tracker has handled it, so the
/// sleep source holds the sleep back exactly as long as the stop before it takes.
#[derive(Clone)]
pub struct Signals(mpsc::Sender<Report>);

/// A signal on its way to the tracker, and who waits for it to be handled.
pub struct Report {
    signal: Signal,
    handled: oneshot::Sender<()>,
}

impl Signals {
    pub fn channel() -> (Signals, mpsc::Receiver<Report>) {
        let (sender, receiver) = mpsc::channel(16);
        (Signals(sender), receiver)
    }

    /// Reports `signal`; returns once it was handled (or nobody listens any more).
    pub async fn report(&self, signal: Signal) {
        let (handled, done) = oneshot::channel();
        if self.0.send(Report { signal, handled }).await.is_ok() {
            let _ = done.await;
        }
    }
}

/// Now, in unix seconds, as the signals carry it.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| {
            i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
        })
}

/// The daemon's task: finds the sources that work here and hands what they see to the tracker
/// until `shutdown`.
pub async fn run(tracker: Tracker, shutdown: Shutdown) {
    let buses = Buses::connect().await;
    let (signals, mut reports) = Signals::channel();
    let mut watching = JoinSet::new();
    let all = sources(&buses);
    let mut probed = Vec::with_capacity(all.len());
    for source in &all {
        let works = match source.probe().await {
            Ok(()) => true,
            Err(reason) => {
                tracing::debug!("presence: {} not used: {reason}", source.name());
                false
            }
        };
        probed.push((source.kind(), works));
    }
    for (source, run) in all.iter().zip(to_run(&probed)) {
        if run {
            tracing::info!("presence: watching {}", source.watches());
            watching.spawn(source.watch(signals.clone()));
        }
    }
    // The sources hold their own senders: the channel ends when the last of them does.
    drop(signals);
    let handle = async {
        while let Some(report) = reports.recv().await {
            // Readings come every few seconds; the rest is worth a line when asked for.
            if !matches!(report.signal, Signal::Idle { .. }) {
                tracing::debug!("presence: {:?}", report.signal);
            }
            tracker.observe_presence(report.signal).await;
            let _ = report.handled.send(());
        }
        // Every source ended (its bus went away): nothing more to hear until shutdown.
        std::future::pending::<()>().await;
    };
    tokio::select! {
        () = handle => {}
        () = shutdown.signalled() => {}
    }
    watching.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_idle_source_that_works_and_every_other_source_that_works_run() {
        let probed = [
            (Kind::Idle, false),
            (Kind::Idle, true),
            (Kind::Idle, true),
            (Kind::Lock, true),
            (Kind::Lock, false),
            (Kind::Lock, true),
            (Kind::Sleep, true),
        ];
        assert_eq!(
            to_run(&probed),
            [false, true, false, true, false, true, true]
        );
        assert_eq!(
            to_run(&[(Kind::Idle, false), (Kind::Sleep, false)]),
            [false, false]
        );
    }

    #[tokio::test]
    async fn a_report_returns_once_the_signal_was_handled() {
        let (signals, mut reports) = Signals::channel();
        let handled = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let handler = tokio::spawn({
            let handled = handled.clone();
            async move {
                let report = reports.recv().await.expect("a report");
                tokio::time::sleep(Duration::from_millis(50)).await;
                handled.store(true, std::sync::atomic::Ordering::SeqCst);
                report.handled.send(()).expect("the source waits");
                report.signal
            }
        });
        signals.report(Signal::Sleeping { at: 7 }).await;
        assert!(handled.load(std::sync::atomic::Ordering::SeqCst));
        assert_eq!(handler.await.expect("handler"), Signal::Sleeping { at: 7 });
    }

    #[tokio::test]
    async fn a_report_nobody_listens_to_does_not_wait() {
        let (signals, reports) = Signals::channel();
        drop(reports);
        tokio::time::timeout(
            Duration::from_secs(1),
            signals.report(Signal::Woke { at: 1 }),
        )
        .await
        .expect("returns at once");
    }
}
