//! `hmsd backup DEST`: a consistent copy of the journal taken while the
//! daemon runs, by SQLite's online backup API in one step — one read
//! transaction, so the copy is the journal as of one instant (every record
//! acknowledged before the backup started is in it) while the daemon keeps
//! writing beside it (WAL).

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

/// What a backup holds.
#[derive(Debug)]
pub struct Copied {
    pub records: i64,
    pub last_id: Option<i64>,
}

/// Copies the journal at `source` to `dest`, which must not exist. The copy
/// is written beside `dest` and linked into place once it checks (a link
/// fails if `dest` appeared meanwhile: a backup never overwrites), so `dest`
/// is either absent or whole.
pub fn backup(source: &Path, dest: &Path) -> Result<Copied, String> {
    if !source.exists() {
        return Err(format!("no journal at {}", source.display()));
    }
    if dest.exists() {
        return Err(format!(
            "{} exists; choose a new file (a backup never overwrites)",
            dest.display()
        ));
    }
    let mut partial = dest.as_os_str().to_owned();
    partial.push(format!(".hmsd-backup-{}", std::process::id()));
    let partial = std::path::PathBuf::from(partial);
    let result = copy(source, &partial).and_then(|copied| {
        std::fs::hard_link(&partial, dest)
            .map_err(|e| format!("cannot put the backup at {}: {e}", dest.display()))?;
        Ok(copied)
    });
    let _ = std::fs::remove_file(&partial);
    result
}

fn copy(source: &Path, to: &Path) -> Result<Copied, String> {
    let src = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| format!("journal {}: {e}", source.display()))?;
    let mut dst = Connection::open(to).map_err(|e| format!("{}: {e}", to.display()))?;
    {
        use rusqlite::backup::StepResult;
        let backup = rusqlite::backup::Backup::new(&src, &mut dst).map_err(|e| e.to_string())?;
        // All pages in one step: one read transaction, one instant. A busy
        // or locked source (a checkpoint under way) is tried again.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            match backup.step(-1).map_err(|e| format!("backup: {e}"))? {
                StepResult::Done => break,
                StepResult::Busy | StepResult::Locked | StepResult::More
                    if std::time::Instant::now() < deadline =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                other => return Err(format!("backup: the journal stayed {other:?} for 30 s")),
            }
        }
    }
    // The copy is a plain rollback-journal database: one self-contained file.
    dst.pragma_update(None, "journal_mode", "DELETE")
        .map_err(|e| e.to_string())?;
    let check: String = dst
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if check != "ok" {
        return Err(format!("the copy does not check: {check}"));
    }
    let (records, last_id) = dst
        .query_row("SELECT count(*), max(id) FROM records", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .map_err(|e| e.to_string())?;
    Ok(Copied { records, last_id })
}
