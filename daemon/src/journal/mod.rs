//! The journal: an embedded SQLite database in WAL mode with
//! `synchronous = FULL`, so a committed record survives a crash or power
//! loss. One writer thread commits records in groups (everything waiting,
//! one transaction, one fsync) and acknowledges each writer only after the
//! commit: a request is answered only once its records are durable.

mod backup;
mod export;
pub mod retention;

pub use backup::{backup, Copied};
pub use export::export;

use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::JoinHandle;

use rusqlite::{params, Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::oneshot;
use utoipa::{IntoParams, ToSchema};

/// What a record is about.
pub const KINDS: &[&str] = &[
    "verification",
    "healing",
    "fault",
    "fault_cleared",
    "restart",
    "escalation",
    "recovery",
    "coordination",
    "trial_results",
];

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Record {
    pub id: i64,
    pub at_ms: i64,
    /// One of verification, healing, fault, fault_cleared, restart, escalation, recovery, coordination, trial_results.
    pub kind: String,
    /// The actor or patient concerned.
    pub subject: String,
    #[schema(value_type = Object)]
    pub data: Value,
}

impl Record {
    /// From a row of `SELECT id, at_ms, kind, subject, data`.
    fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Self> {
        let data: String = r.get(4)?;
        Ok(Record {
            id: r.get(0)?,
            at_ms: r.get(1)?,
            kind: r.get(2)?,
            subject: r.get(3)?,
            data: serde_json::from_str(&data).unwrap_or(Value::String(data)),
        })
    }
}

/// A record to write.
#[derive(Clone, Debug)]
pub struct NewRecord {
    pub kind: &'static str,
    pub subject: String,
    pub data: Value,
}

/// The domain's facts are written as they are.
impl From<hms_actors::app::journal::JournalFact> for NewRecord {
    fn from(f: hms_actors::app::journal::JournalFact) -> Self {
        NewRecord {
            kind: f.kind,
            subject: f.subject,
            data: f.data,
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Query {
    /// Only records of this kind.
    pub kind: Option<String>,
    /// Only records at or after this time (ms since the epoch).
    pub since_ms: Option<i64>,
    /// Only records before this time (ms since the epoch).
    pub until_ms: Option<i64>,
    /// Only records with an id above this one (for paging).
    pub after_id: Option<i64>,
    /// At most this many (default 100, at most 10000).
    pub limit: Option<u32>,
}

struct Write {
    records: Vec<NewRecord>,
    done: oneshot::Sender<Result<Vec<i64>, String>>,
}

/// Why records were not written.
#[derive(Debug)]
pub enum AppendError {
    /// The journal is closed (the daemon is stopping).
    Closed,
    /// The commit failed (a full or failing disk).
    Failed(String),
}

impl std::fmt::Display for AppendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppendError::Closed => f.write_str("the journal is closed"),
            AppendError::Failed(e) => f.write_str(e),
        }
    }
}

pub struct Journal {
    path: PathBuf,
    tx: Mutex<Option<mpsc::Sender<Write>>>,
    writer: Mutex<Option<JoinHandle<()>>>,
    failing: Arc<Mutex<Option<Failing>>>,
}

/// Why the last commit failed (a full or failing disk), and since when.
/// Cleared by the next commit that succeeds, or by a probe write the writer
/// makes every second while it is failing (so health recovers without traffic).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Failing {
    pub error: String,
    pub since_ms: i64,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at_ms INTEGER NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_kind_at ON records (kind, at_ms);
CREATE INDEX IF NOT EXISTS records_at ON records (at_ms);
";

/// What the journal keeps about itself: `pruned_through_id` (retention).
const META: &str =
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);";

/// The journal's file in a data dir.
pub fn file_in(dir: &Path) -> PathBuf {
    dir.join("journal.sqlite3")
}

/// Records committed in one transaction at most.
const GROUP: usize = 512;

impl Journal {
    pub fn open(dir: &Path) -> Result<Self, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("data dir {}: {e}", dir.display()))?;
        let path = file_in(dir);
        let conn =
            Connection::open(&path).map_err(|e| format!("journal {}: {e}", path.display()))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| e.to_string())?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(|e| e.to_string())?;
        conn.execute_batch(SCHEMA)
            .and_then(|()| conn.execute_batch(META))
            .map_err(|e| format!("journal schema: {e}"))?;
        let (tx, rx) = mpsc::channel::<Write>();
        let failing = Arc::new(Mutex::new(None));
        let state = failing.clone();
        let probe = dir.join(".hmsd-write-probe");
        let writer = std::thread::Builder::new()
            .name("hmsd-journal".into())
            .spawn(move || write_loop(conn, rx, &state, &probe))
            .map_err(|e| e.to_string())?;
        Ok(Self {
            path,
            tx: Mutex::new(Some(tx)),
            writer: Mutex::new(Some(writer)),
            failing,
        })
    }

    /// Why the journal cannot write now, if it cannot.
    pub fn failing(&self) -> Option<Failing> {
        self.failing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes records and waits until they are durable; returns their ids.
    pub async fn append(&self, records: Vec<NewRecord>) -> Result<Vec<i64>, AppendError> {
        if records.is_empty() {
            return Ok(Vec::new());
        }
        let (done, wait) = oneshot::channel();
        let tx = self
            .tx
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .ok_or(AppendError::Closed)?;
        tx.send(Write { records, done })
            .map_err(|_| AppendError::Closed)?;
        wait.await
            .map_err(|_| AppendError::Closed)?
            .map_err(AppendError::Failed)
    }

    /// Reads records (on a connection of its own: WAL lets readers run beside the writer).
    pub fn query(&self, q: &Query) -> Result<Vec<Record>, String> {
        let conn = Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| e.to_string())?;
        let limit = q.limit.unwrap_or(100).min(10_000) as i64;
        let mut stmt = conn
            .prepare_cached(
                "SELECT id, at_ms, kind, subject, data FROM records
                 WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR at_ms >= ?2) AND (?3 IS NULL OR at_ms < ?3) AND (?4 IS NULL OR id > ?4)
                 ORDER BY id LIMIT ?5",
            )
            .map_err(|e| e.to_string())?;
        let rows = stmt
            .query_map(
                params![q.kind, q.since_ms, q.until_ms, q.after_id, limit],
                Record::from_row,
            )
            .map_err(|e| e.to_string())?;
        rows.collect::<Result<_, _>>().map_err(|e| e.to_string())
    }

    /// The latest record of `kind`, if any.
    pub fn latest(&self, kind: &str) -> Result<Option<Record>, String> {
        let conn = Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| e.to_string())?;
        let mut stmt = conn
            .prepare("SELECT id, at_ms, kind, subject, data FROM records WHERE kind = ?1 ORDER BY id DESC LIMIT 1")
            .map_err(|e| e.to_string())?;
        let mut rows = stmt.query([kind]).map_err(|e| e.to_string())?;
        match rows.next().map_err(|e| e.to_string())? {
            Some(r) => Record::from_row(r).map(Some).map_err(|e| e.to_string()),
            None => Ok(None),
        }
    }

    /// Every record up to this id was dropped by retention, if any was.
    pub fn pruned_through(&self) -> Option<i64> {
        let conn =
            Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
        retention::last_pruned(&conn)
    }

    /// Flushes what is queued and closes the database.
    pub fn close(&self) {
        self.tx.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(w) = self.writer.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = w.join();
        }
    }
}

impl Drop for Journal {
    fn drop(&mut self) {
        self.close();
    }
}

/// How often a failing journal checks whether the disk takes writes again.
const PROBE_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// Whether the disk under `path` takes a 64 KiB write now.
fn disk_takes_writes(path: &Path) -> bool {
    use std::io::Write as _;
    let ok = std::fs::File::create(path)
        .and_then(|mut f| {
            f.write_all(&[0u8; 64 * 1024])?;
            f.sync_all()
        })
        .is_ok();
    let _ = std::fs::remove_file(path);
    ok
}

fn write_loop(
    mut conn: Connection,
    rx: mpsc::Receiver<Write>,
    failing: &Mutex<Option<Failing>>,
    probe: &Path,
) {
    loop {
        let is_failing = failing.lock().unwrap_or_else(|e| e.into_inner()).is_some();
        let first = if is_failing {
            match rx.recv_timeout(PROBE_EVERY) {
                Ok(w) => w,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if disk_takes_writes(probe) {
                        tracing::info!("the journal's disk takes writes again");
                        *failing.lock().unwrap_or_else(|e| e.into_inner()) = None;
                    }
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        } else {
            match rx.recv() {
                Ok(w) => w,
                Err(_) => break,
            }
        };
        let mut batch = vec![first];
        while batch.len() < GROUP {
            match rx.try_recv() {
                Ok(w) => batch.push(w),
                Err(_) => break,
            }
        }
        let result = commit(&mut conn, &batch);
        {
            let mut f = failing.lock().unwrap_or_else(|e| e.into_inner());
            match &result {
                Ok(_) => *f = None,
                Err(e) if f.is_none() => {
                    tracing::error!(error = %e, "the journal cannot write; journaled calls answer 503 until it can");
                    *f = Some(Failing {
                        error: e.clone(),
                        since_ms: now_ms(),
                    });
                }
                Err(e) => {
                    if let Some(f) = f.as_mut() {
                        f.error = e.clone();
                    }
                }
            }
        }
        for (w, ids) in batch
            .into_iter()
            .zip(result.unwrap_or_else(|e| vec![Err(e); GROUP]))
        {
            let _ = w.done.send(ids);
        }
    }
    // Fold the WAL back into the database on a clean close.
    let _ = conn.pragma_update(None, "wal_checkpoint", "TRUNCATE");
}

type Ids = Result<Vec<i64>, String>;

fn commit(conn: &mut Connection, batch: &[Write]) -> Result<Vec<Ids>, String> {
    let tx = conn.transaction().map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(batch.len());
    {
        let mut stmt = tx
            .prepare_cached(
                "INSERT INTO records (at_ms, kind, subject, data) VALUES (?1, ?2, ?3, ?4)",
            )
            .map_err(|e| e.to_string())?;
        let now = now_ms();
        for w in batch {
            let mut ids = Vec::with_capacity(w.records.len());
            for r in &w.records {
                stmt.execute(params![now, r.kind, r.subject, r.data.to_string()])
                    .map_err(|e| e.to_string())?;
                ids.push(tx.last_insert_rowid());
            }
            out.push(Ok(ids));
        }
    }
    tx.commit().map_err(|e| e.to_string())?;
    Ok(out)
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn appends_and_queries() {
        let dir = std::env::temp_dir().join(format!("hmsd-journal-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let j = Journal::open(&dir).unwrap();
        let ids = j
            .append(vec![NewRecord {
                kind: "fault",
                subject: "prover".into(),
                data: serde_json::json!({"fault": "kill"}),
            }])
            .await
            .unwrap();
        let more = j
            .append(vec![NewRecord {
                kind: "verification",
                subject: "P-1".into(),
                data: serde_json::json!({"status": "proved"}),
            }])
            .await
            .unwrap();
        assert!(more[0] > ids[0]);
        let all = j.query(&Query::default()).unwrap();
        assert_eq!(all.len(), 2);
        let faults = j
            .query(&Query {
                kind: Some("fault".into()),
                ..Query::default()
            })
            .unwrap();
        assert_eq!(faults.len(), 1);
        assert_eq!(faults[0].data["fault"], "kill");
        assert!(j
            .query(&Query {
                since_ms: Some(now_ms() + 60_000),
                ..Query::default()
            })
            .unwrap()
            .is_empty());
        j.close();
        assert!(j
            .append(vec![NewRecord {
                kind: "fault",
                subject: "x".into(),
                data: Value::Null
            }])
            .await
            .is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
