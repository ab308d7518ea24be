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
/// is written beside `dest` and renamed into place once it checks, so `dest`
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
    let partial = dest.with_extension("partial");
    let _ = std::fs::remove_file(&partial);
    let result = copy(source, &partial).and_then(|copied| {
        std::fs::rename(&partial, dest)
            .map_err(|e| format!("cannot move the backup to {}: {e}", dest.display()))?;
        Ok(copied)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

fn copy(source: &Path, to: &Path) -> Result<Copied, String> {
    let src = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| format!("journal {}: {e}", source.display()))?;
    let mut dst = Connection::open(to).map_err(|e| format!("{}: {e}", to.display()))?;
    {
        let backup = rusqlite::backup::Backup::new(&src, &mut dst).map_err(|e| e.to_string())?;
        // All pages in one step: one read transaction, one instant.
        backup.step(-1).map_err(|e| format!("backup: {e}"))?;
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
