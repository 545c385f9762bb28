//! systemd-logind on the system bus: the session's `Lock`/`Unlock`, and `PrepareForSleep` /
//! `PrepareForShutdown` with a delay inhibitor, which holds the sleep back until the core
//! has stopped the timer (when the user asked for that) — logind waits at most its
//! `InhibitDelayMaxSec` (5 s by default) anyway.

use futures_lite::StreamExt;
use worktray_core::away::Signal;
use worktray_core::t;
use zbus::{Connection, OwnedFd, OwnedObjectPath};

use super::{now, on_bus, Bus, BusKind, Kind, Running, Signals, Source, Unavailable};

const LOGIND: &str = "org.freedesktop.login1";

#[zbus::proxy(
    interface = "org.freedesktop.login1.Manager",
    default_service = "org.freedesktop.login1",
    default_path = "/org/freedesktop/login1"
)]
trait Manager {
    #[zbus(name = "GetSessionByPID")]
    fn get_session_by_pid(&self, pid: u32) -> zbus::Result<OwnedObjectPath>;
    fn get_session(&self, session_id: &str) -> zbus::Result<OwnedObjectPath>;
    fn inhibit(&self, what: &str, who: &str, why: &str, mode: &str) -> zbus::Result<OwnedFd>;
    #[zbus(signal)]
    fn prepare_for_sleep(&self, start: bool) -> zbus::Result<()>;
    #[zbus(signal)]
    fn prepare_for_shutdown(&self, start: bool) -> zbus::Result<()>;
}

#[zbus::proxy(
    interface = "org.freedesktop.login1.Session",
    default_service = "org.freedesktop.login1"
)]
trait Session {
    #[zbus(signal)]
    fn lock(&self) -> zbus::Result<()>;
    #[zbus(signal)]
    fn unlock(&self) -> zbus::Result<()>;
    /// What the screen locker says of itself: many send no `Unlock` after a password, but
    /// clear this.
    #[zbus(property)]
    fn locked_hint(&self) -> zbus::Result<bool>;
}

fn failed(what: &'static str) -> impl Fn(zbus::Error) -> Unavailable {
    move |error| Unavailable::Failed {
        what,
        error: error.to_string(),
    }
}

async fn manager(bus: &Bus) -> Result<ManagerProxy<'static>, Unavailable> {
    let connection = on_bus(bus, BusKind::System, LOGIND).await?;
    ManagerProxy::new(&connection)
        .await
        .map_err(failed("org.freedesktop.login1.Manager"))
}

/// This process's logind session: the one it runs in, or else the one `XDG_SESSION_ID` names
/// (a daemon started by the user's systemd runs outside the session's processes).
async fn session(
    connection: &Connection,
    manager: &ManagerProxy<'_>,
) -> Result<SessionProxy<'static>, Unavailable> {
    let path = match manager.get_session_by_pid(std::process::id()).await {
        Ok(path) => path,
        Err(by_pid) => match std::env::var("XDG_SESSION_ID") {
            Ok(id) => manager
                .get_session(&id)
                .await
                .map_err(failed("GetSession($XDG_SESSION_ID)"))?,
            Err(_) => {
                return Err(Unavailable::NoSession {
                    error: by_pid.to_string(),
                })
            }
        },
    };
    SessionProxy::builder(connection)
        .path(path)
        .build()
        .await
        .map_err(failed("org.freedesktop.login1.Session"))
}

/// `Lock` and `Unlock` of the logind session (`loginctl lock-session`, a locker that listens),
/// and its `LockedHint` (set and cleared by the screen locker).
pub struct SessionLock {
    bus: Bus,
}

impl SessionLock {
    pub fn new(system: &Bus) -> SessionLock {
        SessionLock {
            bus: system.clone(),
        }
    }
}

impl Source for SessionLock {
    fn name(&self) -> &'static str {
        "logind-lock"
    }

    fn watches(&self) -> &'static str {
        "doctor-watches-logind-lock" // i18n id
    }

    fn kind(&self) -> Kind {
        Kind::Lock
    }

    fn probe(&self) -> Running<'_, Result<(), Unavailable>> {
        Box::pin(async move {
            let manager = manager(&self.bus).await?;
            session(manager.inner().connection(), &manager).await?;
            Ok(())
        })
    }

    fn watch(&self, signals: Signals) -> Running<'static, ()> {
        let bus = self.bus.clone();
        Box::pin(async move {
            let listening = async {
                let manager = manager(&bus).await?;
                let session = session(manager.inner().connection(), &manager).await?;
                let locks = session.receive_lock().await.map_err(failed("Lock"))?;
                let unlocks = session.receive_unlock().await.map_err(failed("Unlock"))?;
                let hints = session.receive_locked_hint_changed().await;
                Ok::<_, Unavailable>((locks, unlocks, hints))
            };
            let (locks, unlocks, hints) = match listening.await {
                Ok(streams) => streams,
                Err(reason) => {
                    tracing::debug!("presence: logind-lock: {reason}");
                    return;
                }
            };
            let hints = hints.then(|change| async move {
                match change.get().await {
                    Ok(true) => Some(Signal::Locked { at: now() }),
                    Ok(false) => Some(Signal::Unlocked { at: now() }),
                    Err(error) => {
                        tracing::debug!("presence: logind-lock: LockedHint unreadable: {error}");
                        None
                    }
                }
            });
            let changes = locks
                .map(|_| Some(Signal::Locked { at: now() }))
                .or(unlocks.map(|_| Some(Signal::Unlocked { at: now() })))
                .or(hints)
                .filter_map(|signal| signal);
            let mut changes = std::pin::pin!(changes);
            while let Some(signal) = changes.next().await {
                signals.report(signal).await;
            }
            tracing::info!("presence: logind-lock stopped: the system bus went away");
        })
    }
}

/// Suspend and shutdown, held back by a delay inhibitor while the core handles them.
pub struct Sleep {
    bus: Bus,
}

impl Sleep {
    pub fn new(system: &Bus) -> Sleep {
        Sleep {
            bus: system.clone(),
        }
    }
}

async fn inhibit(manager: &ManagerProxy<'_>) -> Result<OwnedFd, Unavailable> {
    manager
        .inhibit(
            "sleep:shutdown",
            "Worktray",
            &t!("presence-inhibit-why"),
            "delay",
        )
        .await
        .map_err(failed("Inhibit(delay)"))
}

/// The inhibitor, taken again; one logind refuses is a debug line: the sleep just is not held.
async fn take_inhibitor(manager: &ManagerProxy<'_>) -> Option<OwnedFd> {
    match inhibit(manager).await {
        Ok(fd) => Some(fd),
        Err(reason) => {
            tracing::info!("presence: sleep is not held back: {reason}");
            None
        }
    }
}

/// What a `PrepareForSleep` or `PrepareForShutdown` says.
enum Prepare {
    Sleep(bool),
    Shutdown(bool),
}

impl Source for Sleep {
    fn name(&self) -> &'static str {
        "logind-sleep"
    }

    fn watches(&self) -> &'static str {
        "doctor-watches-logind-sleep" // i18n id
    }

    fn kind(&self) -> Kind {
        Kind::Sleep
    }

    fn probe(&self) -> Running<'_, Result<(), Unavailable>> {
        Box::pin(async move {
            let manager = manager(&self.bus).await?;
            // Taken and dropped at once: whether logind gives this user one.
            inhibit(&manager).await?;
            Ok(())
        })
    }

    fn watch(&self, signals: Signals) -> Running<'static, ()> {
        let bus = self.bus.clone();
        Box::pin(async move {
            let listening = async {
                let manager = manager(&bus).await?;
                let sleeps = manager
                    .receive_prepare_for_sleep()
                    .await
                    .map_err(failed("PrepareForSleep"))?;
                let shutdowns = manager
                    .receive_prepare_for_shutdown()
                    .await
                    .map_err(failed("PrepareForShutdown"))?;
                Ok::<_, Unavailable>((manager, sleeps, shutdowns))
            };
            let (manager, sleeps, shutdowns) = match listening.await {
                Ok(listening) => listening,
                Err(reason) => {
                    tracing::debug!("presence: logind-sleep: {reason}");
                    return;
                }
            };
            let mut inhibitor = take_inhibitor(&manager).await;
            let mut prepares =
                sleeps
                    .map(|signal| signal.args().map(|args| Prepare::Sleep(args.start)))
                    .or(shutdowns
                        .map(|signal| signal.args().map(|args| Prepare::Shutdown(args.start))));
            while let Some(prepare) = prepares.next().await {
                let prepare = match prepare {
                    Ok(prepare) => prepare,
                    Err(error) => {
                        tracing::debug!(
                            "presence: logind-sleep: a signal without its flag: {error}"
                        );
                        continue;
                    }
                };
                let at = now();
                match prepare {
                    Prepare::Sleep(true) | Prepare::Shutdown(true) => {
                        let signal = match prepare {
                            Prepare::Sleep(_) => Signal::Sleeping { at },
                            Prepare::Shutdown(_) => Signal::ShuttingDown { at },
                        };
                        signals.report(signal).await;
                        // Handled: the sleep may go on.
                        drop(inhibitor.take());
                    }
                    // A wake, or a shutdown called off: the person is back, and the next
                    // sleep is held back again.
                    Prepare::Sleep(false) | Prepare::Shutdown(false) => {
                        signals.report(Signal::Woke { at }).await;
                        inhibitor = take_inhibitor(&manager).await;
                    }
                }
            }
            tracing::info!("presence: logind-sleep stopped: the system bus went away");
        })
    }
}
