//! The screen lock as the screen savers tell it on the session bus: `ActiveChanged(bool)` of
//! `org.freedesktop.ScreenSaver` (KDE, xfce, …) and `org.gnome.ScreenSaver` (GNOME). GNOME
//! offers both; the core takes a repeated lock or unlock as one.

use futures_lite::StreamExt;
use worktray_core::away::Signal;

use super::{now, on_bus, Bus, BusKind, Kind, Running, Signals, Source, Unavailable};

#[derive(Clone, Copy)]
struct Saver {
    source: &'static str,
    watches: &'static str,
    service: &'static str,
    path: &'static str,
    interface: &'static str,
}

const FREEDESKTOP: Saver = Saver {
    source: "screensaver-lock",
    watches: "doctor-watches-screensaver-lock", // i18n id
    service: "org.freedesktop.ScreenSaver",
    path: "/org/freedesktop/ScreenSaver",
    interface: "org.freedesktop.ScreenSaver",
};

const GNOME: Saver = Saver {
    source: "gnome-screensaver-lock",
    watches: "doctor-watches-gnome-screensaver-lock", // i18n id
    service: "org.gnome.ScreenSaver",
    path: "/org/gnome/ScreenSaver",
    interface: "org.gnome.ScreenSaver",
};

pub struct ScreenSaverLock {
    saver: Saver,
    bus: Bus,
}

impl ScreenSaverLock {
    pub fn freedesktop(session: &Bus) -> ScreenSaverLock {
        ScreenSaverLock {
            saver: FREEDESKTOP,
            bus: session.clone(),
        }
    }

    pub fn gnome(session: &Bus) -> ScreenSaverLock {
        ScreenSaverLock {
            saver: GNOME,
            bus: session.clone(),
        }
    }
}

async fn proxy(bus: &Bus, saver: Saver) -> Result<zbus::Proxy<'static>, Unavailable> {
    let connection = on_bus(bus, BusKind::Session, saver.service).await?;
    zbus::Proxy::new_owned(connection, saver.service, saver.path, saver.interface)
        .await
        .map_err(|error| Unavailable::Failed {
            what: saver.interface,
            error: error.to_string(),
        })
}

async fn active(proxy: &zbus::Proxy<'_>) -> Result<bool, Unavailable> {
    proxy
        .call("GetActive", &())
        .await
        .map_err(|error| Unavailable::Failed {
            what: "GetActive",
            error: error.to_string(),
        })
}

fn lock_signal(active: bool) -> Signal {
    let at = now();
    if active {
        Signal::Locked { at }
    } else {
        Signal::Unlocked { at }
    }
}

impl Source for ScreenSaverLock {
    fn name(&self) -> &'static str {
        self.saver.source
    }

    fn watches(&self) -> &'static str {
        self.saver.watches
    }

    fn kind(&self) -> Kind {
        Kind::Lock
    }

    fn probe(&self) -> Running<'_, Result<(), Unavailable>> {
        Box::pin(async move {
            active(&proxy(&self.bus, self.saver).await?).await?;
            Ok(())
        })
    }

    fn watch(&self, signals: Signals) -> Running<'static, ()> {
        let (saver, bus) = (self.saver, self.bus.clone());
        Box::pin(async move {
            let watched = async {
                let proxy = proxy(&bus, saver).await?;
                // Listening first: a change between the question and the listening is not lost.
                let changes = proxy
                    .receive_signal("ActiveChanged")
                    .await
                    .map_err(|error| Unavailable::Failed {
                        what: "ActiveChanged",
                        error: error.to_string(),
                    })?;
                // Started while the screen is locked: the lock began before, at the latest now.
                if active(&proxy).await? {
                    signals.report(lock_signal(true)).await;
                }
                Ok::<_, Unavailable>(changes)
            };
            let mut changes = match watched.await {
                Ok(changes) => changes,
                Err(reason) => {
                    tracing::debug!("presence: {}: {reason}", saver.source);
                    return;
                }
            };
            while let Some(message) = changes.next().await {
                match message.body().deserialize::<bool>() {
                    Ok(active) => signals.report(lock_signal(active)).await,
                    Err(error) => tracing::debug!(
                        "presence: {}: an ActiveChanged without a boolean: {error}",
                        saver.source
                    ),
                }
            }
            tracing::info!(
                "presence: {} stopped: the session bus went away",
                saver.source
            );
        })
    }
}
