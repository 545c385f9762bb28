//! The files Worktray keeps on this computer, as the real `worktray` program meets them: private
//! to the user, a queue that one unreadable row cannot stall, a damaged database moved aside
//! with its queued entries carried over, and a database of a newer version refused untouched.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use worktray_core::db::{Database, SCHEMA_VERSION};
use worktray_core::notices::Notice;
use worktray_core::outbox::Outbox;
use worktray_core::service::Tracker;
use worktray_sim::{Faults, Simulator};
use worktray_tests::{demo_simulator, run, Ran, Sandbox};

const TASK: &str = "331402";
const DEMO_USER_ID: u64 = 4127;

async fn worktray(sandbox: &Sandbox, sim: &Simulator, args: &[&str]) -> Ran {
    let mut command = sandbox.worktray(sim);
    command.args(args);
    run(command).await
}

fn json(ran: &Ran) -> serde_json::Value {
    serde_json::from_str(&ran.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {ran:?}"))
}

/// The demo user's cost rows on the server with this comment.
fn landed(sim: &Simulator, comment: &str) -> usize {
    sim.state()["costs"]
        .as_array()
        .expect("costs")
        .iter()
        .filter(|row| row["user_id"].as_u64() == Some(DEMO_USER_ID) && row["comment"] == comment)
        .count()
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Every file and directory under `dir`, with its mode.
fn modes_under(dir: &Path) -> Vec<(PathBuf, u32)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        found.push((path.clone(), mode(&path)));
        if path.is_dir() {
            found.extend(modes_under(&path));
        }
    }
    found
}

fn db_path(sandbox: &Sandbox) -> PathBuf {
    sandbox.data_dir().join("worktray.db")
}

/// The outbox rows as stored: (id, operation, state, last_error).
fn stored_rows(sandbox: &Sandbox) -> Vec<(i64, String, String, Option<String>)> {
    let db = Database::open(&db_path(sandbox)).expect("db");
    let connection = db.lock();
    let mut statement = connection
        .prepare("SELECT id, operation, state, last_error FROM outbox ORDER BY id")
        .expect("select");
    let rows = statement
        .query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .expect("rows");
    rows.collect::<Result<_, _>>().expect("rows")
}

fn assert_private(sandbox: &Sandbox) {
    let dir = sandbox.data_dir();
    assert_eq!(mode(&dir), 0o700, "{}", dir.display());
    let found = modes_under(&dir);
    assert!(
        found
            .iter()
            .any(|(p, _)| p.ends_with("worktray.db-wal") || p.ends_with("worktray.db")),
        "{found:?}"
    );
    for (path, mode) in found {
        let wanted = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode, wanted, "{} is {mode:o}", path.display());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_data_directory_and_every_file_in_it_are_the_users_alone() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    let ran = worktray(&sandbox, &sim, &["log", "1:30", TASK, "-c", "private"]).await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    let names: Vec<String> = modes_under(&sandbox.data_dir())
        .iter()
        .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for name in ["worktray.db", "request-gate.lock", "worktray.sending.lock"] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    assert_private(&sandbox);

    // A directory and files that an older version left readable by everyone are fixed by the
    // next command.
    let dir = sandbox.data_dir();
    std::fs::write(dir.join("settings.json"), "{}").expect("settings");
    for (path, _) in modes_under(&dir) {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let ran = worktray(&sandbox, &sim, &["entries", "--json"]).await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    assert_private(&sandbox);
}

/// A row written by a newer version (an operation this one does not know) at the head of the
/// queue: it is parked and shown, stays on disk as it was, and every entry behind it is sent.
#[tokio::test(flavor = "multi_thread")]
async fn a_row_this_version_cannot_read_is_shown_kept_and_blocks_nothing() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    sim.set_faults(Faults {
        offline: true,
        ..Faults::default()
    });
    let ran = worktray(&sandbox, &sim, &["log", "0:30", TASK, "-c", "first"]).await;
    assert!(ran.stdout.starts_with("✓ Queued"), "{ran:?}");
    let future = r#"{"kind":"split_away_time","task":"331402","at":"2026-12-01T09:00:00Z"}"#;
    {
        let db = Database::open(&db_path(&sandbox)).expect("db");
        let connection = db.lock();
        // Before the queued entry, as if the newer version had queued it first.
        connection
            .execute(
                "UPDATE outbox SET id = 10 WHERE id = (SELECT min(id) FROM outbox)",
                [],
            )
            .expect("move");
        connection
            .execute(
                "INSERT INTO outbox (id, created_at_ms, operation) VALUES (3, 1764579600000, ?1)",
                [future],
            )
            .expect("insert");
    }
    let newer_row = stored_rows(&sandbox)
        .into_iter()
        .find(|row| row.0 == 3)
        .expect("the row");
    sim.set_faults(Faults::default());

    let ran = worktray(&sandbox, &sim, &["log", "1:00", TASK, "-c", "second"]).await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    assert!(ran.stdout.starts_with("✓ Logged"), "{ran:?}");
    assert_eq!(
        (landed(&sim, "first"), landed(&sim, "second")),
        (1, 1),
        "the entries behind the unreadable row were sent, once each"
    );

    let ran = worktray(&sandbox, &sim, &["sync"]).await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    assert!(
        ran.stdout
            .starts_with("Sent 0 · 0 pending · 0 refused · 1 unreadable"),
        "{ran:?}"
    );
    assert!(
        ran.stdout.contains("unreadable #3: an unknown \"split_away_time\" entry — this version of Worktray cannot read it (unknown variant `split_away_time`"),
        "{ran:?}"
    );
    let ran = worktray(&sandbox, &sim, &["entries"]).await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    assert!(
        ran.stdout
            .contains("unreadable #3: an unknown \"split_away_time\" entry"),
        "{ran:?}"
    );
    let ran = worktray(&sandbox, &sim, &["status", "--json"]).await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    assert_eq!(
        json(&ran)["queue"],
        serde_json::json!({"pending": 0, "parked": 1})
    );
    let ran = worktray(&sandbox, &sim, &["status"]).await;
    assert!(
        ran.stdout.contains("queue: 0 pending · 1 parked"),
        "{ran:?}"
    );
    let ran = worktray(&sandbox, &sim, &["sync", "--json"]).await;
    let report = json(&ran);
    assert_eq!(report["parked"][0]["id"], 3);
    assert_eq!(
        report["parked"][0]["operation"],
        serde_json::json!({"kind": "unreadable", "stored_kind": "split_away_time"})
    );
    assert_eq!(
        stored_rows(&sandbox),
        vec![newer_row],
        "the unreadable row is kept on disk exactly as the newer version wrote it"
    );

    // The user discards it (the window's Discard calls this).
    let tracker = Tracker::new();
    tracker.use_outbox(Outbox::new(
        Database::in_data_dir(&sandbox.data_dir()).expect("db"),
    ));
    tracker.discard_queued(3).expect("discarded");
    let ran = worktray(&sandbox, &sim, &["status", "--json"]).await;
    assert_eq!(
        json(&ran)["queue"],
        serde_json::json!({"pending": 0, "parked": 0})
    );
}

/// A database whose `remembered` page is damaged, with an entry queued offline: the next
/// command moves the file aside, says where on stderr, and sends the entry.
#[tokio::test(flavor = "multi_thread")]
async fn a_damaged_database_is_moved_aside_the_cli_says_where_and_the_queue_survives() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    sim.set_faults(Faults {
        offline: true,
        ..Faults::default()
    });
    let ran = worktray(&sandbox, &sim, &["log", "0:45", TASK, "-c", "survivor"]).await;
    assert!(ran.stdout.starts_with("✓ Queued"), "{ran:?}");
    let path = db_path(&sandbox);
    let (page, page_size) = {
        let db = Database::open(&path).expect("db");
        db.remember("filler", &"x".repeat(100)).expect("remember");
        let connection = db.lock();
        connection
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .expect("checkpoint");
        let page: i64 = connection
            .query_row(
                "SELECT pageno FROM dbstat WHERE name = 'remembered' LIMIT 1",
                [],
                |row| row.get(0),
            )
            .expect("page");
        let size: i64 = connection
            .query_row("PRAGMA page_size", [], |row| row.get(0))
            .expect("page size");
        (page, size)
    };
    {
        use std::io::{Seek, SeekFrom, Write};
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .expect("db file");
        file.seek(SeekFrom::Start(((page - 1) * page_size) as u64))
            .expect("seek");
        file.write_all(&vec![0xa5; page_size as usize])
            .expect("damage");
    }
    sim.set_faults(Faults::default());

    let ran = worktray(&sandbox, &sim, &["sync"]).await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    let said = ran.stderr.trim();
    assert_eq!(said.lines().count(), 1, "{ran:?}");
    let moved: Vec<PathBuf> = modes_under(&sandbox.data_dir())
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("worktray.db.corrupt-")
        })
        .collect();
    let damaged = moved
        .iter()
        .find(|p| !p.to_string_lossy().ends_with("-wal") && !p.to_string_lossy().ends_with("-shm"))
        .unwrap_or_else(|| panic!("moved aside: {moved:?}"));
    assert!(
        said.starts_with(&format!(
            "worktray: the local database {} was damaged (",
            path.display()
        )) && said.contains(&format!(
            "it was moved to {} and a new one started with the 1 queued entry that could be read",
            damaged.display()
        )),
        "{ran:?}"
    );
    assert!(ran.stdout.starts_with("Sent 1 · 0 pending"), "{ran:?}");
    assert_eq!(
        landed(&sim, "survivor"),
        1,
        "the queued entry reached Worksection once"
    );
    assert_private(&sandbox);

    // The next command finds a sound database and says nothing.
    let ran = worktray(&sandbox, &sim, &["status"]).await;
    assert_eq!((ran.code, ran.stderr.as_str()), (Some(0), ""), "{ran:?}");
}

/// A tracker on a repaired database raises a notice that says where the damaged file went (the
/// daemon shows the tracker's notices on the desktop, as `desktop_e2e` checks for another one).
#[test]
fn a_repaired_database_raises_a_notice_naming_the_damaged_file() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("worktray.db"),
        "not a database ".repeat(100),
    )
    .expect("write");
    let tracker = Tracker::new();
    let mut notices = tracker.notices();
    tracker.use_outbox(Outbox::new(Database::in_data_dir(dir.path()).expect("db")));
    tracker.report_database_recovery();
    let notice = notices.try_recv().expect("a notice");
    let (title, body) = notice.text();
    assert!(
        matches!(notice, Notice::DatabaseRecovered { .. }),
        "{notice:?}"
    );
    assert_eq!(title, "Local database repaired");
    assert!(
        body.contains(&format!("{}/worktray.db.corrupt-", dir.path().display())),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_of_a_newer_version_is_refused_untouched() {
    let sim = demo_simulator().await;
    let sandbox = Sandbox::new();
    let ran = worktray(&sandbox, &sim, &["log", "0:15", TASK, "-c", "older"]).await;
    assert_eq!(ran.code, Some(0), "{ran:?}");
    let newer = SCHEMA_VERSION + 1;
    Database::open(&db_path(&sandbox))
        .expect("db")
        .lock()
        .pragma_update(None, "user_version", newer)
        .expect("set version");
    let before = std::fs::read(db_path(&sandbox)).expect("read");

    let ran = worktray(&sandbox, &sim, &["entries"]).await;
    assert_eq!(ran.code, Some(1), "{ran:?}");
    assert_eq!(ran.stderr.lines().count(), 1, "{ran:?}");
    assert!(
        ran.stderr.contains(&format!(
            "{} was written by a newer version of Worktray (schema version {newer}; this version knows up to {SCHEMA_VERSION})",
            db_path(&sandbox).display()
        )),
        "{ran:?}"
    );
    assert_eq!(
        std::fs::read(db_path(&sandbox)).expect("read"),
        before,
        "never downgraded"
    );
    assert!(!modes_under(&sandbox.data_dir())
        .iter()
        .any(|(p, _)| p.to_string_lossy().contains(".corrupt-")));
}
