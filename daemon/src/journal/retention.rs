//! Retention: dropping the oldest records, by age or by size, but never one
//! younger than the floor (`daemon.journal.min_age_hours`, 24 by default), so
//! that every record stays readable at least that long whatever the limits.
//! Only a prefix of the journal (by id) is dropped, and the journal keeps
//! through which id (`pruned_through_id` in `GET /v1/journal`), so a reader
//! paging with `after_id` learns of records it can no longer read instead of
//! missing them silently. Deletes run in small transactions, so the daemon's
//! writes wait at most one of them.

use rusqlite::{params, Connection, OptionalExtension};

/// What to drop.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    /// Records committed before this (ms since the epoch).
    pub before_ms: Option<i64>,
    /// The oldest records, until the rest take at most this many bytes.
    pub max_bytes: Option<u64>,
    /// Nothing younger than this is dropped.
    pub min_age_ms: i64,
}

/// What was dropped.
#[derive(Debug, PartialEq, Eq)]
pub struct Pruned {
    pub deleted: u64,
    /// Every record up to this id is gone (this prune's or an earlier one's).
    pub through_id: Option<i64>,
    /// The floor kept records the policy alone would have dropped.
    pub held_by_floor: bool,
}

/// Records deleted per transaction.
const BATCH: i64 = 2000;

/// A record's stored size, as the size limit counts it.
const SIZE: &str = "length(CAST(data AS BLOB)) + length(CAST(subject AS BLOB)) + length(kind) + 32";

/// Drops what `policy` says, a batch per transaction, until done or until
/// `stop()` says so between batches (the daemon stopping).
pub fn prune(
    conn: &mut Connection,
    policy: &Policy,
    now_ms: i64,
    stop: &dyn Fn() -> bool,
) -> Result<Pruned, String> {
    let e = |e: rusqlite::Error| e.to_string();
    conn.execute_batch(super::META).map_err(e)?;
    let max_id: Option<i64> = conn
        .query_row("SELECT max(id) FROM records", [], |r| r.get(0))
        .map_err(e)?;
    let Some(max_id) = max_id else {
        return Ok(Pruned {
            deleted: 0,
            through_id: last_pruned(conn),
            held_by_floor: false,
        });
    };
    // The last id before the first record at or after `ms`.
    let last_before = |conn: &Connection, ms: i64| -> Result<i64, String> {
        let first: Option<i64> = conn
            .query_row("SELECT min(id) FROM records WHERE at_ms >= ?1", [ms], |r| {
                r.get(0)
            })
            .map_err(e)?;
        Ok(first.map_or(max_id, |f| f - 1))
    };
    let floor = last_before(conn, now_ms.saturating_sub(policy.min_age_ms))?;
    let mut target = 0;
    if let Some(before) = policy.before_ms {
        target = target.max(last_before(conn, before)?);
    }
    if let Some(max_bytes) = policy.max_bytes {
        target = target.max(by_size(conn, max_bytes)?);
    }
    let through = target.min(floor);
    let mut deleted = 0u64;
    if through > 0 {
        loop {
            let tx = conn.transaction().map_err(e)?;
            let n = tx
                .execute(
                    "DELETE FROM records WHERE id IN
                     (SELECT id FROM records WHERE id <= ?1 ORDER BY id LIMIT ?2)",
                    params![through, BATCH],
                )
                .map_err(e)?;
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('pruned_through_id', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)",
                [through],
            )
            .map_err(e)?;
            tx.commit().map_err(e)?;
            deleted += n as u64;
            if (n as i64) < BATCH || stop() {
                break;
            }
        }
    }
    Ok(Pruned {
        deleted,
        through_id: last_pruned(conn),
        held_by_floor: target > floor,
    })
}

/// The last id to drop so that the records after it take at most `max_bytes`.
fn by_size(conn: &Connection, max_bytes: u64) -> Result<i64, String> {
    let e = |e: rusqlite::Error| e.to_string();
    let total: i64 = conn
        .query_row(
            &format!("SELECT coalesce(sum({SIZE}), 0) FROM records"),
            [],
            |r| r.get(0),
        )
        .map_err(e)?;
    let mut excess = total - max_bytes.min(i64::MAX as u64) as i64;
    if excess <= 0 {
        return Ok(0);
    }
    let mut stmt = conn
        .prepare(&format!("SELECT id, {SIZE} FROM records ORDER BY id"))
        .map_err(e)?;
    let mut rows = stmt.query([]).map_err(e)?;
    let mut last = 0;
    while let Some(r) = rows.next().map_err(e)? {
        last = r.get(0).map_err(e)?;
        excess -= r.get::<_, i64>(1).map_err(e)?;
        if excess <= 0 {
            break;
        }
    }
    Ok(last)
}

/// Reads a `--before` value: an RFC 3339 time, or a date (its midnight, UTC).
pub fn parse_time(text: &str) -> Result<i64, String> {
    use time::format_description::well_known::Rfc3339;
    let t = text.trim();
    let full = if t.len() == 10 {
        format!("{t}T00:00:00Z")
    } else {
        t.to_string()
    };
    let at = time::OffsetDateTime::parse(&full, &Rfc3339).map_err(|e| {
        format!(
            "{text:?} is not a date (2026-01-31) or an RFC 3339 time (2026-01-31T12:00:00Z): {e}"
        )
    })?;
    Ok((at.unix_timestamp_nanos() / 1_000_000) as i64)
}

/// The id of the last record dropped by retention, if any was.
pub fn last_pruned(conn: &Connection) -> Option<i64> {
    conn.query_row(
        "SELECT value FROM meta WHERE key = 'pruned_through_id'",
        [],
        |r| r.get(0),
    )
    .optional()
    .ok()
    .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn journal(ats: &[i64]) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(super::super::SCHEMA).unwrap();
        for at in ats {
            conn.execute(
                "INSERT INTO records (at_ms, kind, subject, data) VALUES (?1, 'fault', 's', '{}')",
                [at],
            )
            .unwrap();
        }
        conn
    }

    fn ids(conn: &Connection) -> Vec<i64> {
        let mut s = conn.prepare("SELECT id FROM records ORDER BY id").unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn age_drops_a_prefix_and_the_floor_holds() {
        let mut c = journal(&[100, 200, 300, 400, 500]);
        let policy = Policy {
            before_ms: Some(350),
            max_bytes: None,
            min_age_ms: 0,
        };
        let p = prune(&mut c, &policy, 1000, &|| false).unwrap();
        assert_eq!(
            (p.deleted, p.through_id, p.held_by_floor),
            (3, Some(3), false)
        );
        assert_eq!(ids(&c), [4, 5]);
        // Everything before 1000, but nothing younger than 550 ms at 1000.
        let policy = Policy {
            before_ms: Some(1000),
            max_bytes: None,
            min_age_ms: 550,
        };
        let p = prune(&mut c, &policy, 1000, &|| false).unwrap();
        assert_eq!(
            (p.deleted, p.through_id, p.held_by_floor),
            (1, Some(4), true)
        );
        assert_eq!(ids(&c), [5]);
    }

    #[test]
    fn a_clock_that_went_back_never_drops_a_newer_record() {
        // Record 2 was committed at 900 (later), record 3 at 150: a prefix
        // only, so 3 stays with 2.
        let mut c = journal(&[100, 900, 150]);
        let policy = Policy {
            before_ms: Some(500),
            max_bytes: None,
            min_age_ms: 0,
        };
        prune(&mut c, &policy, 1000, &|| false).unwrap();
        assert_eq!(ids(&c), [2, 3]);
    }

    #[test]
    fn size_drops_the_oldest_until_the_rest_fit() {
        let mut c = journal(&[1, 2, 3, 4]);
        // Each record: 2 + 1 + 5 + 32 = 40 bytes.
        let policy = Policy {
            before_ms: None,
            max_bytes: Some(100),
            min_age_ms: 0,
        };
        let p = prune(&mut c, &policy, 10, &|| false).unwrap();
        assert_eq!(p.deleted, 2);
        assert_eq!(ids(&c), [3, 4]);
        assert_eq!(last_pruned(&c), Some(2));
    }

    #[test]
    fn dates_are_read_or_named() {
        assert_eq!(parse_time("1970-01-02").unwrap(), 86_400_000);
        assert_eq!(parse_time("1970-01-01T00:00:01.5Z").unwrap(), 1500);
        assert!(parse_time("yesterday").unwrap_err().contains("yesterday"));
    }
}
