//! Idle time on X11: the MIT-SCREEN-SAVER extension counts the milliseconds since the last
//! keyboard or pointer input (`XScreenSaverQueryInfo`). Xlib-free (x11rb's own connection);
//! every call runs on the blocking pool, since x11rb's connection blocks.

use std::sync::Arc;

use worktray_core::away::Signal;
use x11rb::connection::{Connection, RequestConnection};
use x11rb::protocol::screensaver;
use x11rb::rust_connection::RustConnection;

use super::{now, Kind, Running, Signals, Source, Unavailable, IDLE_EVERY};

pub struct X11Idle {
    /// `$DISPLAY`, or why it cannot be used.
    display: Result<String, Unavailable>,
}

impl X11Idle {
    pub fn new(display: Option<String>, session_type: Option<String>) -> X11Idle {
        X11Idle {
            display: usable_display(display, session_type.as_deref()),
        }
    }
}

/// The display to read the idle time from. In a Wayland session `DISPLAY` is XWayland, which
/// sees no input given to Wayland windows: its idle time would call a typing person away.
fn usable_display(
    display: Option<String>,
    session_type: Option<&str>,
) -> Result<String, Unavailable> {
    let display = display.ok_or(Unavailable::NoDisplay)?;
    if session_type == Some("wayland") {
        return Err(Unavailable::XWayland);
    }
    Ok(display)
}

/// A connection and the root window to ask about.
struct Screen {
    connection: RustConnection,
    root: u32,
}

fn connect(display: &str) -> Result<Screen, Unavailable> {
    let (connection, screen) =
        RustConnection::connect(Some(display)).map_err(|error| Unavailable::NoXServer {
            display: display.to_owned(),
            error: error.to_string(),
        })?;
    let has_extension = connection
        .extension_information(screensaver::X11_EXTENSION_NAME)
        .map_err(|error| Unavailable::NoXServer {
            display: display.to_owned(),
            error: error.to_string(),
        })?
        .is_some();
    if !has_extension {
        return Err(Unavailable::NoScreenSaverExtension);
    }
    let root = connection
        .setup()
        .roots
        .get(screen)
        .map(|screen| screen.root)
        .ok_or_else(|| Unavailable::NoScreen {
            display: display.to_owned(),
            screen,
        })?;
    Ok(Screen { connection, root })
}

/// Milliseconds since the last input.
fn idle_ms(screen: &Screen) -> Result<u32, Unavailable> {
    let failed = |error: String| Unavailable::Failed {
        what: "XScreenSaverQueryInfo",
        error,
    };
    let reply = screensaver::query_info(&screen.connection, screen.root)
        .map_err(|error| failed(error.to_string()))?
        .reply()
        .map_err(|error| failed(error.to_string()))?;
    Ok(reply.ms_since_user_input)
}

/// `work` on the blocking pool; a panic there is a failure like any other.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, Unavailable> + Send + 'static,
) -> Result<T, Unavailable> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| Unavailable::Failed {
            what: "MIT-SCREEN-SAVER",
            error: error.to_string(),
        })?
}

impl Source for X11Idle {
    fn name(&self) -> &'static str {
        "x11-idle"
    }

    fn watches(&self) -> &'static str {
        "doctor-watches-x11-idle" // i18n id
    }

    fn kind(&self) -> Kind {
        Kind::Idle
    }

    fn probe(&self) -> Running<'_, Result<(), Unavailable>> {
        let display = self.display.clone();
        Box::pin(async move {
            let display = display?;
            blocking(move || idle_ms(&connect(&display)?)).await?;
            Ok(())
        })
    }

    fn watch(&self, signals: Signals) -> Running<'static, ()> {
        let display = self.display.clone();
        Box::pin(async move {
            let screen = match display {
                Ok(display) => blocking(move || connect(&display)).await,
                Err(reason) => Err(reason),
            };
            let screen = match screen {
                Ok(screen) => Arc::new(screen),
                Err(reason) => {
                    tracing::debug!("presence: x11-idle: {reason}");
                    return;
                }
            };
            let mut every = tokio::time::interval(IDLE_EVERY);
            loop {
                every.tick().await;
                let reading = blocking({
                    let screen = screen.clone();
                    move || idle_ms(&screen)
                })
                .await;
                match reading {
                    Ok(ms) => {
                        signals
                            .report(Signal::Idle {
                                at: now(),
                                idle_seconds: i64::from(ms / 1000),
                            })
                            .await;
                    }
                    Err(reason) => {
                        // x11rb does not reconnect: a failed request means the server is gone.
                        tracing::info!("presence: the X11 idle time is gone: {reason}");
                        return;
                    }
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_display_is_used_only_outside_a_wayland_session() {
        assert_eq!(
            usable_display(Some(":0".into()), Some("x11")),
            Ok(":0".into())
        );
        assert_eq!(usable_display(Some(":0".into()), None), Ok(":0".into()));
        assert_eq!(
            usable_display(Some(":0".into()), Some("wayland")),
            Err(Unavailable::XWayland)
        );
        assert_eq!(
            usable_display(None, Some("x11")),
            Err(Unavailable::NoDisplay)
        );
    }
}
