//! A fake desktop on two private D-Bus daemons, for the presence sources of `worktray`: a
//! "session" bus with `org.freedesktop.ScreenSaver`, `org.gnome.ScreenSaver` and
//! `org.gnome.Mutter.IdleMonitor`, and a "system" bus (a second session-type daemon: only
//! its address matters) with a logind that hands out real inhibitor file descriptors and
//! can tell whether each is still held.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, ErrorKind, Read};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use zbus::{connection, interface, Connection, OwnedFd, OwnedObjectPath};

const SCREEN_SAVER_PATH: &str = "/org/freedesktop/ScreenSaver";
const GNOME_SCREEN_SAVER_PATH: &str = "/org/gnome/ScreenSaver";
const MUTTER_PATH: &str = "/org/gnome/Mutter/IdleMonitor/Core";
const LOGIND_PATH: &str = "/org/freedesktop/login1";
const SESSION_PATH: &str = "/org/freedesktop/login1/session/fake";
/// The name of logind's manager interface, where the daemon's calls are counted.
pub const LOGIND_MANAGER: &str = "org.freedesktop.login1.Manager";

/// One private `dbus-daemon`, ended when dropped.
struct BusDaemon {
    child: Child,
    address: String,
}

impl BusDaemon {
    fn start(dir: &Path, name: &str) -> BusDaemon {
        // Our own configuration: no service activation, so nothing of this machine's desktop
        // can be started on the fake bus.
        let config = dir.join(format!("{name}.conf"));
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
                dir.join(format!("{name}.socket")).display()
            ),
        )
        .expect("bus configuration");
        let mut child = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon starts (the dbus-daemon package)");
        let mut address = String::new();
        BufReader::new(child.stdout.take().expect("its stdout"))
            .read_line(&mut address)
            .expect("dbus-daemon prints its address");
        BusDaemon {
            child,
            address: address.trim().to_owned(),
        }
    }
}

impl Drop for BusDaemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A delay or block inhibitor the fake logind gave out.
struct Inhibitor {
    seen: InhibitorSeen,
    /// Our end of the pair whose other end the taker holds.
    ours: UnixStream,
}

/// What an inhibitor was taken for, and whether it is released by now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InhibitorSeen {
    pub what: String,
    pub who: String,
    pub why: String,
    pub mode: String,
    pub released: bool,
}

impl Inhibitor {
    /// Whether the taker closed its end (every copy of it).
    fn released(&self) -> bool {
        let mut byte = [0u8; 1];
        match (&self.ours).read(&mut byte) {
            Ok(0) => true,
            Err(error) if error.kind() == ErrorKind::WouldBlock => false,
            other => panic!("an inhibitor's socket: {other:?}"),
        }
    }
}

#[derive(Default)]
struct Desk {
    /// How often each method was called, by interface and name.
    calls: BTreeMap<(&'static str, &'static str), usize>,
    screen_locked: bool,
    /// The logind session's `LockedHint`.
    locked_hint: bool,
    idle: Duration,
    inhibitors: Vec<Inhibitor>,
}

type Shared = Arc<Mutex<Desk>>;

fn desk(shared: &Shared) -> MutexGuard<'_, Desk> {
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The desk, with the call of `method` of `interface` counted.
fn called<'a>(
    shared: &'a Shared,
    interface: &'static str,
    method: &'static str,
) -> MutexGuard<'a, Desk> {
    let mut desk = desk(shared);
    *desk.calls.entry((interface, method)).or_default() += 1;
    desk
}

struct ScreenSaver(Shared);

#[interface(name = "org.freedesktop.ScreenSaver")]
impl ScreenSaver {
    fn get_active(&self) -> bool {
        called(&self.0, "org.freedesktop.ScreenSaver", "GetActive").screen_locked
    }

    fn get_session_idle_time(&self) -> u32 {
        let idle = called(&self.0, "org.freedesktop.ScreenSaver", "GetSessionIdleTime").idle;
        u32::try_from(idle.as_secs()).unwrap_or(u32::MAX)
    }
}

struct GnomeScreenSaver(Shared);

#[interface(name = "org.gnome.ScreenSaver")]
impl GnomeScreenSaver {
    fn get_active(&self) -> bool {
        called(&self.0, "org.gnome.ScreenSaver", "GetActive").screen_locked
    }
}

struct IdleMonitor(Shared);

#[interface(name = "org.gnome.Mutter.IdleMonitor")]
impl IdleMonitor {
    fn get_idletime(&self) -> u64 {
        let idle = called(&self.0, "org.gnome.Mutter.IdleMonitor", "GetIdletime").idle;
        u64::try_from(idle.as_millis()).unwrap_or(u64::MAX)
    }
}

struct Logind(Shared);

fn session_path() -> OwnedObjectPath {
    OwnedObjectPath::try_from(SESSION_PATH).expect("a session path")
}

#[interface(name = "org.freedesktop.login1.Manager")]
impl Logind {
    /// Every process is in the one fake session.
    #[zbus(name = "GetSessionByPID")]
    fn get_session_by_pid(&self, _pid: u32) -> OwnedObjectPath {
        drop(called(&self.0, LOGIND_MANAGER, "GetSessionByPID"));
        session_path()
    }

    fn get_session(&self, _id: &str) -> OwnedObjectPath {
        drop(called(&self.0, LOGIND_MANAGER, "GetSession"));
        session_path()
    }

    fn inhibit(&self, what: String, who: String, why: String, mode: String) -> OwnedFd {
        let (ours, theirs) = UnixStream::pair().expect("a socket pair");
        ours.set_nonblocking(true).expect("non-blocking");
        called(&self.0, LOGIND_MANAGER, "Inhibit")
            .inhibitors
            .push(Inhibitor {
                seen: InhibitorSeen {
                    what,
                    who,
                    why,
                    mode,
                    released: false,
                },
                ours,
            });
        // Sent, then closed here: the taker's copy is the only one left.
        OwnedFd::from(std::os::fd::OwnedFd::from(theirs))
    }
}

struct Session(Shared);

#[interface(name = "org.freedesktop.login1.Session")]
impl Session {
    #[zbus(property)]
    fn id(&self) -> String {
        "fake".to_owned()
    }

    #[zbus(property)]
    fn locked_hint(&self) -> bool {
        desk(&self.0).locked_hint
    }
}

/// The fake desktop; its buses end when it is dropped.
pub struct FakeDesktop {
    shared: Shared,
    session: Connection,
    system: Connection,
    // Dropped last: the connections above go first.
    session_bus: BusDaemon,
    system_bus: BusDaemon,
    _dir: tempfile::TempDir,
}

impl FakeDesktop {
    pub async fn start() -> FakeDesktop {
        let dir = tempfile::tempdir().expect("a directory for the buses");
        let session_bus = BusDaemon::start(dir.path(), "session");
        let system_bus = BusDaemon::start(dir.path(), "system");
        let shared = Shared::default();
        let session = connection::Builder::address(session_bus.address.as_str())
            .name("org.freedesktop.ScreenSaver")
            .name("org.gnome.ScreenSaver")
            .name("org.gnome.Mutter.IdleMonitor")
            .serve_at(SCREEN_SAVER_PATH, ScreenSaver(shared.clone()))
            .serve_at(GNOME_SCREEN_SAVER_PATH, GnomeScreenSaver(shared.clone()))
            .serve_at(MUTTER_PATH, IdleMonitor(shared.clone()))
            .build()
            .await
            .expect("the fake session services");
        let system = connection::Builder::address(system_bus.address.as_str())
            .name("org.freedesktop.login1")
            .serve_at(LOGIND_PATH, Logind(shared.clone()))
            .serve_at(SESSION_PATH, Session(shared.clone()))
            .build()
            .await
            .expect("the fake logind");
        FakeDesktop {
            shared,
            session,
            system,
            session_bus,
            system_bus,
            _dir: dir,
        }
    }

    pub fn session_address(&self) -> &str {
        &self.session_bus.address
    }

    pub fn system_address(&self) -> &str {
        &self.system_bus.address
    }

    /// What both idle monitors answer from now on.
    pub fn set_idle(&self, idle: Duration) {
        desk(&self.shared).idle = idle;
    }

    /// Locks or unlocks the screen as GNOME Shell tells it: `ActiveChanged` of both screen
    /// saver interfaces, and their `GetActive`.
    pub async fn set_screen_locked(&self, locked: bool) {
        desk(&self.shared).screen_locked = locked;
        for (path, interface) in [
            (SCREEN_SAVER_PATH, "org.freedesktop.ScreenSaver"),
            (GNOME_SCREEN_SAVER_PATH, "org.gnome.ScreenSaver"),
        ] {
            self.session
                .emit_signal(None::<&str>, path, interface, "ActiveChanged", &locked)
                .await
                .expect("ActiveChanged sent");
        }
    }

    /// The screen locker sets (true) or clears (false) the session's `LockedHint`, as lockers
    /// do that send no `Unlock` after a password.
    pub async fn set_locked_hint(&self, locked: bool) {
        desk(&self.shared).locked_hint = locked;
        let session = self
            .system
            .object_server()
            .interface::<_, Session>(SESSION_PATH)
            .await
            .expect("the fake session");
        session
            .get()
            .await
            .locked_hint_changed(session.signal_emitter())
            .await
            .expect("PropertiesChanged sent");
    }

    /// The logind session's `Lock` (true) or `Unlock` (false).
    pub async fn lock_session(&self, lock: bool) {
        let member = if lock { "Lock" } else { "Unlock" };
        self.system
            .emit_signal(
                None::<&str>,
                SESSION_PATH,
                "org.freedesktop.login1.Session",
                member,
                &(),
            )
            .await
            .expect("the session signal sent");
    }

    pub async fn prepare_for_sleep(&self, start: bool) {
        self.manager_signal("PrepareForSleep", start).await;
    }

    pub async fn prepare_for_shutdown(&self, start: bool) {
        self.manager_signal("PrepareForShutdown", start).await;
    }

    async fn manager_signal(&self, member: &str, start: bool) {
        self.system
            .emit_signal(None::<&str>, LOGIND_PATH, LOGIND_MANAGER, member, &start)
            .await
            .expect("the manager signal sent");
    }

    /// Every inhibitor given out so far, oldest first, with whether each was released.
    pub fn inhibitors(&self) -> Vec<InhibitorSeen> {
        desk(&self.shared)
            .inhibitors
            .iter()
            .map(|i| InhibitorSeen {
                released: i.released(),
                ..i.seen.clone()
            })
            .collect()
    }

    /// How often `method` of `interface` was called.
    pub fn calls(&self, interface: &str, method: &str) -> usize {
        desk(&self.shared)
            .calls
            .iter()
            .filter(|((i, m), _)| *i == interface && *m == method)
            .map(|(_, count)| count)
            .sum()
    }

    /// How many inhibitors are held now.
    pub fn inhibitors_held(&self) -> usize {
        desk(&self.shared)
            .inhibitors
            .iter()
            .filter(|i| !i.released())
            .count()
    }
}
