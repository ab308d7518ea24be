//! `hmsd journal export`: records as JSON lines, oldest first, read in one
//! statement (one consistent snapshot) beside a running daemon.

use std::io::Write;
use std::path::Path;

use rusqlite::{params, Connection, OpenFlags};

use super::Record;

/// Writes every record with an id above `after_id` (and of `kind`, when
/// given) to `out`, one JSON object a line; returns how many.
pub fn export(
    journal: &Path,
    kind: Option<&str>,
    after_id: i64,
    out: &mut impl Write,
) -> Result<u64, String> {
    let conn = Connection::open_with_flags(journal, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| format!("journal {}: {e}", journal.display()))?;
    let mut stmt = conn
        .prepare(
            "SELECT id, at_ms, kind, subject, data FROM records
             WHERE id > ?1 AND (?2 IS NULL OR kind = ?2) ORDER BY id",
        )
        .map_err(|e| e.to_string())?;
    let mut rows = stmt
        .query(params![after_id, kind])
        .map_err(|e| e.to_string())?;
    let mut n = 0;
    while let Some(r) = rows.next().map_err(|e| e.to_string())? {
        let record = Record::from_row(r).map_err(|e| e.to_string())?;
        serde_json::to_writer(&mut *out, &record).map_err(|e| e.to_string())?;
        out.write_all(b"\n").map_err(|e| e.to_string())?;
        n += 1;
    }
    out.flush().map_err(|e| e.to_string())?;
    Ok(n)
}
