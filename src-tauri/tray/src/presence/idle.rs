//! Idle time from a session-bus service: GNOME's `org.gnome.Mutter.IdleMonitor` (the one that
//! works on GNOME under Wayland), or `org.freedesktop.ScreenSaver.GetSessionIdleTime` (KDE and
//! others; GNOME answers it with "not supported").

use worktray_core::away::Signal;
use zbus::Connection;

use super::{now, on_bus, Bus, BusKind, Kind, Running, Signals, Source, Unavailable, IDLE_EVERY};

/// Which service, and how it counts.
#[derive(Clone, Copy)]
struct Monitor {
    source: &'static str,
    watches: &'static str,
    service: &'static str,
    path: &'static str,
    interface: &'static str,
    method: &'static str,
    unit: Unit,
}

#[derive(Clone, Copy)]
enum Unit {
    /// A `t` of milliseconds.
    Milliseconds,
    /// A `u` of seconds.
    Seconds,
}

const MUTTER: Monitor = Monitor {
    source: "mutter-idle",
    watches: "doctor-watches-mutter-idle", // i18n id
    service: "org.gnome.Mutter.IdleMonitor",
    path: "/org/gnome/Mutter/IdleMonitor/Core",
    interface: "org.gnome.Mutter.IdleMonitor",
    method: "GetIdletime",
    unit: Unit::Milliseconds,
};

const FREEDESKTOP: Monitor = Monitor {
    source: "screensaver-idle",
    watches: "doctor-watches-screensaver-idle", // i18n id
    service: "org.freedesktop.ScreenSaver",
    path: "/org/freedesktop/ScreenSaver",
    interface: "org.freedesktop.ScreenSaver",
    method: "GetSessionIdleTime",
    unit: Unit::Seconds,
};

pub struct BusIdle {
    monitor: Monitor,
    bus: Bus,
}

impl BusIdle {
    pub fn mutter(session: &Bus) -> BusIdle {
        BusIdle {
            monitor: MUTTER,
            bus: session.clone(),
        }
    }

    pub fn freedesktop(session: &Bus) -> BusIdle {
        BusIdle {
            monitor: FREEDESKTOP,
            bus: session.clone(),
        }
    }
}

/// One reading: the seconds since the last input.
async fn idle_seconds(connection: &Connection, monitor: Monitor) -> Result<i64, Unavailable> {
    let failed = |error: zbus::Error| Unavailable::Failed {
        what: monitor.method,
        error: error.to_string(),
    };
    let proxy = zbus::Proxy::new(connection, monitor.service, monitor.path, monitor.interface)
        .await
        .map_err(failed)?;
    match monitor.unit {
        Unit::Milliseconds => {
            let ms: u64 = proxy.call(monitor.method, &()).await.map_err(failed)?;
            Ok(i64::try_from(ms / 1000).unwrap_or(i64::MAX))
        }
        Unit::Seconds => {
            let seconds: u32 = proxy.call(monitor.method, &()).await.map_err(failed)?;
            Ok(i64::from(seconds))
        }
    }
}

impl Source for BusIdle {
    fn name(&self) -> &'static str {
        self.monitor.source
    }

    fn watches(&self) -> &'static str {
        self.monitor.watches
    }

    fn kind(&self) -> Kind {
        Kind::Idle
    }

    fn probe(&self) -> Running<'_, Result<(), Unavailable>> {
        Box::pin(async move {
            let connection = on_bus(&self.bus, BusKind::Session, self.monitor.service).await?;
            idle_seconds(&connection, self.monitor).await?;
            Ok(())
        })
    }

    fn watch(&self, signals: Signals) -> Running<'static, ()> {
        let (monitor, bus) = (self.monitor, self.bus.clone());
        Box::pin(async move {
            let Ok(connection) = bus else {
                return;
            };
            let mut every = tokio::time::interval(IDLE_EVERY);
            // Said once each time readings stop or start again, not every five seconds.
            let mut failing = false;
            loop {
                every.tick().await;
                match idle_seconds(&connection, monitor).await {
                    Ok(idle_seconds) => {
                        if failing {
                            tracing::info!("presence: {} answers again", monitor.source);
                            failing = false;
                        }
                        signals
                            .report(Signal::Idle {
                                at: now(),
                                idle_seconds,
                            })
                            .await;
                    }
                    Err(reason) if !failing => {
                        tracing::info!("presence: no idle time from {}: {reason}", monitor.source);
                        failing = true;
                    }
                    Err(_) => {}
                }
            }
        })
    }
}
