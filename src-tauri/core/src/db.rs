//! The local SQLite database in the data directory: the outbox of writes not yet confirmed by
//! Worksection, and caches. Opened in WAL mode with `synchronous=FULL`, so a row committed
//! here survives a crash or a power cut.
//!
//! The schema has a version (`PRAGMA user_version`) and changes only through the ordered
//! [`MIGRATIONS`]. A database written by a newer Worktray is refused with both versions named,
//! never downgraded. A file that is not a readable database is moved aside, and a fresh one is
//! started with every row that could still be read from it: a damaged file never stops the
//! app, and never costs a queued entry that can be read.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::types::Value;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior};

use crate::config;
use crate::error::IoAction;
use crate::error::{Error, Result, StoreError};
use crate::lockfile::{self, Mode};
use crate::t;

mod remembered;
pub(crate) use remembered::remember_in;

/// Cheap to clone; all clones share one connection (writes are few and small).
#[derive(Clone)]
pub struct Database {
    connection: Arc<Mutex<Connection>>,
    path: PathBuf,
    recovery: Option<Arc<Recovery>>,
    /// The opening lock, held shared for as long as the database is open here: a process that
    /// finds the file damaged moves it aside only while nobody else has it open, so that no one
    /// goes on writing to a file that is no longer the database.
    _open_here: Arc<std::fs::File>,
}

/// How long opening waits for another process that is repairing the database.
const OPEN_WAIT: Duration = Duration::from_secs(5);
const LOCK_NAME: &str = "database lock";

/// The schema, one step per version: `MIGRATIONS[n]` takes a database from version `n` to
/// `n + 1`. A step that has shipped is never edited; a change of schema is a new step at the
/// end (and a fixture of the version before it in `tests/fixtures/db/`).
const MIGRATIONS: &[&str] = &[
    // 1: the outbox and the remembered facts. Databases from before the schema had a version
    // (0) hold exactly these tables already, which `IF NOT EXISTS` leaves as they are.
    "
CREATE TABLE IF NOT EXISTS outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at_ms   INTEGER NOT NULL,
    operation       TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    maybe_applied   INTEGER NOT NULL DEFAULT 0,
    baseline        INTEGER,
    last_error      TEXT,
    next_attempt_ms INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS remembered (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
",
];

/// The schema version this program writes and reads.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The columns of the outbox: what a damaged database's rows are carried over with, and what
/// the outbox reads (by name).
pub(crate) const OUTBOX_COLUMNS: &str = "id, created_at_ms, operation, state, attempts, maybe_applied, baseline, last_error, next_attempt_ms";
const REMEMBERED_COLUMNS: &str = "key, value";

/// Past a damaged page, at most this many row ids are looked up one by one.
const MAX_LOOKUPS: i64 = 1_000_000;

/// What opening the database had to repair: a damaged file moved aside, and what of it was
/// carried into the fresh one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recovery {
    /// Where the database is (and the damaged file was).
    pub path: PathBuf,
    /// Where the damaged file is now, with its `-wal` and `-shm` beside it.
    pub moved_to: PathBuf,
    /// What SQLite said about the damaged file.
    pub reason: String,
    /// Queued entries carried over.
    pub queued_entries: usize,
    /// Remembered facts (who I am, my tasks) carried over.
    pub remembered: usize,
    /// False when part of the damaged file could not be read at all.
    pub complete: bool,
}

impl fmt::Display for Recovery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display().to_string();
        let moved_to = self.moved_to.display().to_string();
        let reason = self.reason.as_str();
        let count = self.queued_entries;
        f.write_str(&if self.complete {
            t!(
                "db-recovered",
                path = path,
                reason = reason,
                moved_to = moved_to,
                count = count
            )
        } else {
            t!(
                "db-recovered-partly",
                path = path,
                reason = reason,
                moved_to = moved_to,
                count = count
            )
        })
    }
}

/// Switching to WAL can meet another opener's lock without SQLite's busy handler being asked:
/// try again for a few seconds before giving up.
fn retry_while_busy<T>(mut step: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let mut tries = 0;
    loop {
        match step() {
            Err(rusqlite::Error::SqliteFailure(failure, _))
                if matches!(
                    failure.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) && tries < 50 =>
            {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            other => return other,
        }
    }
}

pub fn sql_error(context: &'static str, source: rusqlite::Error) -> Error {
    StoreError::Sqlite { context, source }.into()
}

/// Why a database could not be opened.
enum OpenError {
    /// The file is not a readable database: it can be moved aside and started afresh.
    Damaged(String),
    /// Anything else (busy, no permission, a newer schema): to be reported, the file left alone.
    Other(Error),
}

fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error,
        rusqlite::Error::SqliteFailure(failure, _)
            if matches!(failure.code, ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

fn classify(context: &'static str) -> impl Fn(rusqlite::Error) -> OpenError {
    move |error| {
        if is_damage(&error) {
            OpenError::Damaged(error.to_string())
        } else {
            OpenError::Other(sql_error(context, error))
        }
    }
}

/// The file's `-wal` or `-shm` companion.
fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

impl Database {
    pub fn open(path: &Path) -> Result<Database> {
        if let Some(dir) = path.parent() {
            config::create_private_dir(dir)?;
        }
        let lock_path = path.with_extension("opening.lock");
        let lock = lockfile::open_locked(&lock_path, LOCK_NAME, Mode::Shared, OPEN_WAIT)?;
        let (connection, recovery) = match open_checked(path) {
            Ok(connection) => (connection, None),
            Err(OpenError::Other(error)) => return Err(error),
            Err(OpenError::Damaged(_)) => repair_alone(path, &lock, &lock_path)?,
        };
        if let Some(recovery) = &recovery {
            tracing::warn!("{recovery}");
        }
        Ok(Database {
            connection: Arc::new(Mutex::new(connection)),
            path: path.to_path_buf(),
            recovery: recovery.map(Arc::new),
            _open_here: Arc::new(lock),
        })
    }

    /// The database of the data directory, which is made private to the user on the way.
    pub fn in_data_dir(data_dir: &Path) -> Result<Database> {
        config::secure_data_dir(data_dir)?;
        Self::open(&data_dir.join("worktray.db"))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What opening had to repair, if anything: the user must be told where the damaged file
    /// went.
    pub fn recovery(&self) -> Option<&Recovery> {
        self.recovery.as_deref()
    }

    pub fn lock(&self) -> MutexGuard<'_, Connection> {
        self.connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// Opens `path` (creating it, the user's alone), checks that it is a readable database and
/// brings its schema up to [`SCHEMA_VERSION`].
fn open_checked(path: &Path) -> Result<Connection, OpenError> {
    // SQLite gives the -wal and -shm files the mode of the database file: create it private,
    // and take other users' access off the files of an older version.
    config::private_file_options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| {
            OpenError::Other(Error::io(IoAction::Opening(path.display().to_string()), e))
        })?;
    for file in [
        path.to_path_buf(),
        companion(path, "-wal"),
        companion(path, "-shm"),
    ] {
        config::make_path_private(&file);
    }
    let mut connection = Connection::open(path).map_err(classify("open"))?;
    // Until the file is known to be sound, closing must not checkpoint into it — nor delete
    // its -wal and -shm, which SQLite does on closing a file it could not read: they go aside
    // with it.
    set_checkpoint_on_close(&connection, false).map_err(classify("settings"))?;
    // Several Worktray processes may open the database at the same moment (the daemon and
    // CLI commands): wait for each other's locks first, then switch to WAL.
    connection
        .busy_timeout(std::time::Duration::from_secs(10))
        .map_err(classify("settings"))?;
    retry_while_busy(|| {
        connection.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
    })
    .map_err(classify("settings"))?;
    let version = check_version(&connection, path)?;
    check_integrity(&connection)?;
    migrate(&mut connection, path, version)?;
    set_checkpoint_on_close(&connection, true).map_err(classify("settings"))?;
    Ok(connection)
}

fn set_checkpoint_on_close(connection: &Connection, on: bool) -> rusqlite::Result<()> {
    connection
        .set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            !on,
        )
        .map(drop)
}

/// `PRAGMA quick_check`: cheap on a database this small, and it reads every page.
fn check_integrity(connection: &Connection) -> Result<(), OpenError> {
    let problems = retry_while_busy(|| {
        let mut statement = connection.prepare("PRAGMA quick_check(3)")?;
        let lines = statement.query_map([], |row| row.get::<_, String>(0))?;
        lines.collect::<rusqlite::Result<Vec<String>>>()
    })
    .map_err(classify("check"))?;
    if problems.len() == 1 && problems[0] == "ok" {
        Ok(())
    } else {
        Err(OpenError::Damaged(problems.join("; ")))
    }
}

fn user_version(connection: &Connection) -> Result<i64, OpenError> {
    connection
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(classify("schema version"))
}

fn newer_than_known(path: &Path, version: i64) -> OpenError {
    OpenError::Other(
        StoreError::NewerSchema {
            path: path.display().to_string(),
            version,
        }
        .into(),
    )
}

/// Refuses a database of a schema this version does not know (a newer Worktray's), before
/// anything else touches it: damaged or not, it is that version's to read and to repair.
fn check_version(connection: &Connection, path: &Path) -> Result<i64, OpenError> {
    let version = user_version(connection)?;
    if (0..=SCHEMA_VERSION).contains(&version) {
        Ok(version)
    } else {
        Err(newer_than_known(path, version))
    }
}

/// Brings the schema from `version` up to [`SCHEMA_VERSION`], one step at a time, in one
/// transaction.
fn migrate(connection: &mut Connection, path: &Path, version: i64) -> Result<(), OpenError> {
    if version == SCHEMA_VERSION {
        return Ok(());
    }
    let step = classify("schema");
    // The busy timeout covers waiting for another opener's write lock here.
    let transaction = connection
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(&step)?;
    // Another opener may have migrated it while this one waited for the write lock.
    let version = check_version(&transaction, path)?;
    for migration in MIGRATIONS.iter().skip(version as usize) {
        transaction.execute_batch(migration).map_err(&step)?;
    }
    transaction
        .pragma_update(None, "user_version", SCHEMA_VERSION)
        .map_err(&step)?;
    transaction.commit().map_err(&step)
}

/// Moves a damaged database aside and starts a fresh one with what could be read from it.
/// The caller holds the opening lock alone; one that waited for it finds the work done and
/// opens the new file.
/// Repairs the damaged database at `path` while holding `lock` (the opening lock, held shared
/// on entry and on return) alone. Openers that found the damage at the same moment take turns:
/// the first repairs, the others find it repaired. A process that goes on having the file open
/// is named instead of waited for.
fn repair_alone(
    path: &Path,
    lock: &std::fs::File,
    lock_path: &Path,
) -> Result<(Connection, Option<Recovery>)> {
    let unlocking = |e| Error::io(IoAction::Unlocking(lock_path.display().to_string()), e);
    lock.unlock().map_err(unlocking)?;
    let repaired = match lockfile::lock(lock, lock_path, LOCK_NAME, Mode::Exclusive, OPEN_WAIT) {
        Ok(()) => {
            let repaired = recover(path);
            lock.unlock().map_err(unlocking)?;
            repaired
        }
        Err(Error::Store(StoreError::LockBusy { .. })) => Err(StoreError::DamagedAndInUse {
            path: path.display().to_string(),
        }
        .into()),
        Err(error) => Err(error),
    };
    lockfile::lock(lock, lock_path, LOCK_NAME, Mode::Shared, OPEN_WAIT)?;
    repaired
}

fn recover(path: &Path) -> Result<(Connection, Option<Recovery>)> {
    let reason = match open_checked(path) {
        Ok(connection) => return Ok((connection, None)),
        Err(OpenError::Other(error)) => return Err(error),
        Err(OpenError::Damaged(reason)) => reason,
    };
    let moved_to = move_aside(path)?;
    let salvage = salvage(&moved_to);
    let mut fresh = match open_checked(path) {
        Ok(connection) => connection,
        Err(OpenError::Other(error)) => return Err(error),
        Err(OpenError::Damaged(again)) => {
            return Err(StoreError::FreshDatabaseDamaged {
                path: path.display().to_string(),
                reason: again,
            }
            .into())
        }
    };
    let (queued_entries, remembered) =
        carry_over(&mut fresh, &salvage).map_err(|e| sql_error("carrying rows over", e))?;
    Ok((
        fresh,
        Some(Recovery {
            path: path.to_path_buf(),
            moved_to,
            reason,
            queued_entries,
            remembered,
            complete: salvage.complete,
        }),
    ))
}

/// Renames `worktray.db` (and its `-wal`, `-shm`) to `worktray.db.corrupt-<UTC time>`.
fn move_aside(path: &Path) -> Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let base = companion(path, &format!(".corrupt-{stamp}"));
    let moved_to = (1..)
        .map(|n| match n {
            1 => base.clone(),
            n => companion(&base, &format!("-{n}")),
        })
        .find(|candidate| !candidate.exists() && !companion(candidate, "-wal").exists())
        .unwrap_or(base);
    for suffix in ["", "-wal", "-shm"] {
        let (from, to) = (companion(path, suffix), companion(&moved_to, suffix));
        match std::fs::rename(&from, &to) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound && !suffix.is_empty() => {}
            Err(error) => {
                return Err(Error::io(
                    IoAction::MovingAside(from.display().to_string()),
                    error,
                ))
            }
        }
    }
    Ok(moved_to)
}

/// What could be read from a damaged database.
#[derive(Default)]
struct Salvage {
    outbox: Vec<Vec<Value>>,
    /// The highest outbox id ever given, so that a new row never takes an old one's id.
    outbox_sequence: Option<i64>,
    remembered: Vec<Vec<Value>>,
    complete: bool,
}

fn salvage(path: &Path) -> Salvage {
    // Read-write, so that SQLite can read the -wal beside it; but never checkpoint into the
    // damaged file: it stays as it was found, for whoever wants to look further.
    let Ok(old) = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        return Salvage::default();
    };
    let _ = set_checkpoint_on_close(&old, false);
    let _ = old.execute_batch("PRAGMA query_only = ON");
    let (outbox, outbox_complete) = read_table(&old, "outbox", OUTBOX_COLUMNS);
    let (remembered, remembered_complete) = read_table(&old, "remembered", REMEMBERED_COLUMNS);
    let outbox_sequence = old
        .query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = 'outbox'",
            [],
            |row| row.get(0),
        )
        .ok();
    Salvage {
        outbox,
        outbox_sequence,
        remembered,
        complete: outbox_complete && remembered_complete,
    }
}

/// The rows of `table` that can be read, in row-id order, and whether that was all of them.
/// A damaged page ends a scan; the row ids after the last one read are then looked up one by
/// one, up to the highest the table knows, so that rows beyond the damage are still found.
fn read_table(old: &Connection, table: &str, columns: &str) -> (Vec<Vec<Value>>, bool) {
    let width = columns.split(',').count();
    let values = |row: &rusqlite::Row<'_>| -> rusqlite::Result<Vec<Value>> {
        (1..=width).map(|i| row.get::<_, Value>(i)).collect()
    };
    let mut rows = Vec::new();
    let mut last_read = 0;
    let scan = (|| -> rusqlite::Result<()> {
        let mut statement = old.prepare(&format!(
            "SELECT rowid, {columns} FROM {table} ORDER BY rowid"
        ))?;
        let mut found = statement.query([])?;
        while let Some(row) = found.next()? {
            last_read = row.get(0)?;
            rows.push(values(row)?);
        }
        Ok(())
    })();
    if scan.is_ok() {
        return (rows, true);
    }
    let highest = [
        old.query_row(&format!("SELECT max(rowid) FROM {table}"), [], |row| {
            row.get::<_, Option<i64>>(0)
        })
        .ok()
        .flatten(),
        old.query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = ?1",
            [table],
            |row| row.get::<_, i64>(0),
        )
        .ok(),
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(last_read)
    .min(last_read.saturating_add(MAX_LOOKUPS));
    if let Ok(mut statement) = old.prepare(&format!(
        "SELECT rowid, {columns} FROM {table} WHERE rowid = ?1"
    )) {
        for id in last_read.saturating_add(1)..=highest {
            if let Ok(Some(row)) = statement.query_row([id], values).optional() {
                rows.push(row);
            }
        }
    }
    (rows, false)
}

/// Writes the salvaged rows into the fresh database as they were (ids, states, attempts and
/// all), in one transaction. Returns how many outbox and remembered rows came across.
fn carry_over(fresh: &mut Connection, salvage: &Salvage) -> rusqlite::Result<(usize, usize)> {
    let transaction = fresh.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let insert = |sql: &str, rows: &[Vec<Value>]| -> rusqlite::Result<usize> {
        let mut statement = transaction.prepare(sql)?;
        let mut carried = 0;
        for row in rows {
            // A row whose values the schema refuses (damaged beyond use) is left behind.
            carried += statement
                .execute(rusqlite::params_from_iter(row))
                .unwrap_or(0);
        }
        Ok(carried)
    };
    let placeholders = |columns: &str| vec!["?"; columns.split(',').count()].join(", ");
    let queued = insert(
        &format!(
            "INSERT OR IGNORE INTO outbox ({OUTBOX_COLUMNS}) VALUES ({})",
            placeholders(OUTBOX_COLUMNS)
        ),
        &salvage.outbox,
    )?;
    let remembered = insert(
        &format!(
            "INSERT OR IGNORE INTO remembered ({REMEMBERED_COLUMNS}) VALUES ({})",
            placeholders(REMEMBERED_COLUMNS)
        ),
        &salvage.remembered,
    )?;
    if let Some(sequence) = salvage.outbox_sequence {
        let raised = transaction.execute(
            "UPDATE sqlite_sequence SET seq = max(seq, ?1) WHERE name = 'outbox'",
            [sequence],
        )?;
        if raised == 0 {
            transaction.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?1)",
                [sequence],
            )?;
        }
    }
    transaction.commit()?;
    Ok((queued, remembered))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbox::{Operation, Outbox, QueueState, QueuedOperation};

    /// Every row of `table` as stored, in row-id order.
    fn raw_rows(connection: &Connection, table: &str) -> Vec<Vec<Value>> {
        let mut statement = connection
            .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))
            .unwrap();
        let width = statement.column_count();
        statement
            .query_map([], |row| {
                (0..width).map(|i| row.get::<_, Value>(i)).collect()
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    fn version_of(path: &Path) -> i64 {
        Connection::open(path)
            .unwrap()
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap()
    }

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn cost(comment: &str) -> Operation {
        Operation::AddCost {
            task: crate::models::Id::from(331402),
            task_name: "Fix login".into(),
            project: "Website".into(),
            minutes: Some(90),
            money: None,
            at_my_rate: false,
            comment: comment.into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        }
    }

    #[test]
    fn many_openers_at_once_all_get_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shared.db");
        let openers: Vec<_> = (0..8)
            .map(|i| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let db = Database::open(&path)?;
                    db.remember(&format!("key{i}"), "value")
                })
            })
            .collect();
        for opener in openers {
            opener.join().unwrap().unwrap();
        }
        let db = Database::open(&path).unwrap();
        assert_eq!(db.recall("key7").unwrap().as_deref(), Some("value"));
        assert!(db.recovery().is_none());
        assert_eq!(version_of(&path), SCHEMA_VERSION);
    }

    /// A database of each schema version before this one, as those versions made it (the SQL
    /// is committed in `tests/fixtures/db/version-N.sql`).
    #[test]
    fn every_earlier_schema_opens_keeps_its_rows_and_is_upgraded() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/db");
        for version in 0..SCHEMA_VERSION {
            let fixture = fixtures.join(format!("version-{version}.sql"));
            let sql = std::fs::read_to_string(&fixture).unwrap_or_else(|e| {
                panic!(
                    "{}: {e} (each earlier schema version needs its fixture)",
                    fixture.display()
                )
            });
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("worktray.db");
            let (outbox_before, remembered_before) = {
                let old = Connection::open(&path).unwrap();
                old.execute_batch("PRAGMA journal_mode = WAL;").unwrap();
                old.execute_batch(&sql).unwrap();
                assert_eq!(version_of(&path), version, "{}", fixture.display());
                (raw_rows(&old, "outbox"), raw_rows(&old, "remembered"))
            };
            assert!(!outbox_before.is_empty() && !remembered_before.is_empty());

            let db = Database::open(&path).unwrap();
            assert!(db.recovery().is_none(), "version {version} is not damage");
            assert_eq!(version_of(&path), SCHEMA_VERSION, "upgraded from {version}");
            assert_eq!(
                raw_rows(&db.lock(), "outbox"),
                outbox_before,
                "version {version}"
            );
            assert_eq!(raw_rows(&db.lock(), "remembered"), remembered_before);

            let outbox = Outbox::new(db.clone());
            let listed = outbox.list().unwrap();
            assert!(
                listed.iter().all(|e| e.operation.known().is_some()),
                "this version reads every row of version {version}: {listed:#?}"
            );
            let new = outbox.enqueue(&cost("after the upgrade")).unwrap();
            let highest = outbox_before
                .iter()
                .filter_map(|row| match row[0] {
                    Value::Integer(id) => Some(id),
                    _ => None,
                })
                .max()
                .unwrap();
            assert!(new > highest, "a new row takes a new id ({new})");
            drop((outbox, db));
            // Opening the upgraded file again changes nothing.
            Database::open(&path).unwrap();
            assert_eq!(version_of(&path), SCHEMA_VERSION);
        }
    }

    #[test]
    fn a_newer_schema_is_refused_with_both_versions_and_left_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("worktray.db");
        let newer = SCHEMA_VERSION + 1;
        {
            let db = Database::open(&path).unwrap();
            Outbox::new(db.clone()).enqueue(&cost("kept")).unwrap();
            db.lock()
                .pragma_update(None, "user_version", newer)
                .unwrap();
        }
        let before = raw_rows(&Connection::open(&path).unwrap(), "outbox");
        let files = files_in(dir.path());

        let error = Database::open(&path).err().expect("refused").to_string();
        assert!(error.contains(&path.display().to_string()), "{error}");
        assert!(
            error.contains(&format!("schema version {newer}"))
                && error.contains(&format!("knows up to {SCHEMA_VERSION}")),
            "{error}"
        );
        assert_eq!(version_of(&path), newer, "never downgraded");
        assert_eq!(
            raw_rows(&Connection::open(&path).unwrap(), "outbox"),
            before
        );
        assert_eq!(files_in(dir.path()), files, "nothing moved aside");
    }

    #[test]
    fn a_file_that_is_not_a_database_is_moved_aside_with_its_wal_and_a_new_one_started() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("worktray.db");
        let garbage = "this is not a database. ".repeat(400);
        std::fs::write(&path, &garbage).unwrap();
        std::fs::write(companion(&path, "-wal"), "not a wal either").unwrap();
        std::fs::write(companion(&path, "-shm"), "nor a shm").unwrap();

        let db = Database::open(&path).unwrap();
        let recovery = db.recovery().expect("repaired").clone();
        assert_eq!(recovery.path, path);
        let name = recovery.moved_to.file_name().unwrap().to_string_lossy();
        assert!(name.starts_with("worktray.db.corrupt-"), "{name}");
        assert_eq!(
            std::fs::read_to_string(&recovery.moved_to).unwrap(),
            garbage
        );
        assert_eq!(
            std::fs::read_to_string(companion(&recovery.moved_to, "-wal")).unwrap(),
            "not a wal either"
        );
        assert!(companion(&recovery.moved_to, "-shm").exists());
        assert_eq!((recovery.queued_entries, recovery.complete), (0, false));
        let told = recovery.to_string();
        assert!(
            told.contains(&path.display().to_string())
                && told.contains(&recovery.moved_to.display().to_string()),
            "{told}"
        );

        db.remember("k", "v").unwrap();
        assert_eq!(db.recall("k").unwrap().as_deref(), Some("v"));
        assert_eq!(version_of(&path), SCHEMA_VERSION);
        drop(db);
        assert!(
            Database::open(&path).unwrap().recovery().is_none(),
            "repaired once"
        );
    }

    /// A damaged page of the outbox: the file is moved aside, and every row on the other pages
    /// — before and after the damage — comes across exactly as it was.
    #[test]
    fn a_damaged_page_costs_only_the_rows_on_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("worktray.db");
        let (before, damaged_page, page_size) = {
            let db = Database::open(&path).unwrap();
            let outbox = Outbox::new(db.clone());
            for n in 0..300 {
                outbox
                    .enqueue(&cost(&format!("entry {n} {}", "·".repeat(200))))
                    .unwrap();
            }
            let connection = db.lock();
            connection
                .execute("UPDATE outbox SET state = 'parked', last_error = 'refused', attempts = 2 WHERE id = 5", [])
                .unwrap();
            connection
                .execute("UPDATE outbox SET maybe_applied = 1, baseline = 3, attempts = 1 WHERE id = 290", [])
                .unwrap();
            connection
                .execute(
                    "UPDATE outbox SET operation = '{\"kind\":\"from_the_future\"}' WHERE id = 295",
                    [],
                )
                .unwrap();
            connection
                .execute("DELETE FROM outbox WHERE id = 300", [])
                .unwrap();
            drop(connection);
            db.remember("me", "Alex").unwrap();
            db.remember("tasks", "[]").unwrap();
            let connection = db.lock();
            connection
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
                .unwrap();
            let leaves: Vec<i64> = connection
                .prepare("SELECT pageno FROM dbstat WHERE name = 'outbox' AND pagetype = 'leaf' ORDER BY pageno")
                .unwrap()
                .query_map([], |row| row.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert!(leaves.len() > 10, "{leaves:?}");
            let page_size: i64 = connection
                .pragma_query_value(None, "page_size", |row| row.get(0))
                .unwrap();
            (
                raw_rows(&connection, "outbox"),
                leaves[leaves.len() / 2],
                page_size,
            )
        };
        {
            use std::io::{Seek, SeekFrom, Write};
            let mut file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
            file.seek(SeekFrom::Start(((damaged_page - 1) * page_size) as u64))
                .unwrap();
            file.write_all(&vec![0x5a; page_size as usize]).unwrap();
        }

        let db = Database::open(&path).unwrap();
        let recovery = db.recovery().expect("repaired").clone();
        assert!(!recovery.complete);
        assert_eq!(recovery.remembered, 2);
        let after = raw_rows(&db.lock(), "outbox");
        assert_eq!(recovery.queued_entries, after.len());
        let lost = before.len() - after.len();
        assert!(
            (1..=20).contains(&lost),
            "only the damaged page's rows are lost: {lost} of {}",
            before.len()
        );
        for row in &after {
            assert!(before.contains(row), "carried as it was: {row:?}");
        }
        let ids: Vec<&Value> = after.iter().map(|row| &row[0]).collect();
        for id in [1, 5, 290, 295, 299] {
            assert!(ids.contains(&&Value::Integer(id)), "row {id} came across");
        }
        assert_eq!(db.recall("me").unwrap().as_deref(), Some("Alex"));

        let outbox = Outbox::new(db.clone());
        assert_eq!(outbox.state_of(5).unwrap(), Some(QueueState::Parked));
        assert!(matches!(
            outbox
                .list()
                .unwrap()
                .iter()
                .find(|e| e.id == 295)
                .unwrap()
                .operation,
            QueuedOperation::Unreadable { .. }
        ));
        assert!(
            outbox.enqueue(&cost("new")).unwrap() > 300,
            "no id is given twice"
        );
        let notice = crate::notices::Notice::from(&recovery).text().1;
        assert!(
            notice.contains(&recovery.moved_to.display().to_string()),
            "{notice}"
        );

        let damaged = recovery.moved_to.clone();
        assert!(
            Connection::open(&damaged)
                .and_then(|c| c.query_row("PRAGMA quick_check", [], |r| r.get::<_, String>(0)))
                .map_or(true, |answer| answer != "ok"),
            "the damaged file is kept as it was found"
        );
    }

    #[test]
    fn a_damaged_file_another_process_has_open_is_not_moved_from_under_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("worktray.db");
        std::fs::write(&path, "garbage ".repeat(1000)).unwrap();
        // What a process that has the database open holds.
        let in_use = lockfile::open_locked(
            &path.with_extension("opening.lock"),
            LOCK_NAME,
            Mode::Shared,
            Duration::ZERO,
        )
        .unwrap();
        let refused = Database::open(&path).err().expect("not opened");
        assert!(refused.to_string().contains("has it open"), "{refused}");
        assert!(
            !files_in(dir.path())
                .iter()
                .any(|name| name.contains(".corrupt-")),
            "the file that is in use stays where it is"
        );
        drop(in_use);
        let repaired = Database::open(&path).unwrap();
        assert!(
            repaired.recovery().is_some(),
            "repaired once nobody has it open"
        );
    }

    #[test]
    fn openers_at_once_repair_a_damaged_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("worktray.db");
        std::fs::write(&path, "garbage ".repeat(1000)).unwrap();
        let openers: Vec<_> = (0..6)
            .map(|i| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let db = Database::open(&path)?;
                    db.remember(&format!("key{i}"), "value")?;
                    Ok::<_, Error>(db.recovery().is_some())
                })
            })
            .collect();
        let repaired = openers
            .into_iter()
            .map(|opener| opener.join().unwrap().unwrap())
            .filter(|repaired| *repaired)
            .count();
        assert_eq!(repaired, 1);
        let moved: Vec<String> = files_in(dir.path())
            .into_iter()
            .filter(|name| {
                name.contains(".corrupt-") && !name.ends_with("-wal") && !name.ends_with("-shm")
            })
            .collect();
        assert_eq!(moved.len(), 1, "{moved:?}");
        let db = Database::open(&path).unwrap();
        for i in 0..6 {
            assert!(
                db.recall(&format!("key{i}")).unwrap().is_some(),
                "key{i} kept"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn the_database_and_its_companions_are_the_users_alone() {
        use std::os::unix::fs::PermissionsExt;
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join("data");
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = dir.join("worktray.db");
        {
            // An older version's files, readable by everyone.
            let old = Connection::open(&path).unwrap();
            old.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (x);")
                .unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            let db = Database::in_data_dir(&dir).unwrap();
            Outbox::new(db).enqueue(&cost("private")).unwrap();
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&dir), 0o700);
            for name in files_in(&dir) {
                assert_eq!(mode(&dir.join(&name)), 0o600, "{name}");
            }
            assert!(files_in(&dir).contains(&"worktray.db-wal".to_owned()));
            drop(old);
        }
    }
}
