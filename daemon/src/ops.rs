//! The commands that work on a journal beside a running daemon (or none):
//! `hmsd backup`, `hmsd journal prune`, `hmsd journal export`. Each opens
//! the SQLite file itself; WAL lets it read while the daemon writes, and a
//! prune's small transactions wait for (and make wait) the daemon's writes
//! at most one batch.

use crate::cli::JournalCommand;
use crate::config::Config;
use crate::journal;

pub fn backup(config: &Config, dest: &std::path::Path) -> Result<(), String> {
    let source = journal::file_in(&config.data_dir());
    let copied = journal::backup(&source, dest)?;
    println!(
        "{}: {} records{}, integrity ok",
        dest.display(),
        copied.records,
        copied
            .last_id
            .map_or_else(String::new, |id| format!(" through id {id}"))
    );
    Ok(())
}

pub fn journal(config: &Config, command: &JournalCommand) -> Result<(), String> {
    let path = journal::file_in(&config.data_dir());
    if !path.exists() {
        return Err(format!("no journal at {}", path.display()));
    }
    match command {
        JournalCommand::Prune { before, max_bytes } => {
            if before.is_none() && max_bytes.is_none() {
                return Err("say what to drop: --before DATE and/or --max-bytes N".into());
            }
            let policy = journal::retention::Policy {
                before_ms: before
                    .as_deref()
                    .map(journal::retention::parse_time)
                    .transpose()
                    .map_err(|e| format!("--before: {e}"))?,
                max_bytes: *max_bytes,
                min_age_ms: config.daemon.journal.min_age_ms(),
            };
            let mut conn = rusqlite::Connection::open(&path)
                .map_err(|e| format!("journal {}: {e}", path.display()))?;
            let pruned =
                journal::retention::prune(&mut conn, &policy, journal::now_ms(), &|| false)?;
            println!(
                "dropped {} records{}{}",
                pruned.deleted,
                pruned.through_id.map_or_else(String::new, |id| format!(
                    "; every record through id {id} is gone"
                )),
                if pruned.held_by_floor {
                    format!(
                        "; records younger than {} h were kept (daemon.journal.min_age_hours)",
                        config.daemon.journal.min_age_hours
                    )
                } else {
                    String::new()
                }
            );
            Ok(())
        }
        JournalCommand::Export { kind, after_id } => {
            if let Some(k) = kind.as_deref().filter(|k| !journal::KINDS.contains(k)) {
                return Err(format!(
                    "--kind {k:?}: expected one of {}",
                    journal::KINDS.join(", ")
                ));
            }
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let n = journal::export(&path, kind.as_deref(), *after_id, &mut out)?;
            eprintln!("exported {n} records");
            let conn = rusqlite::Connection::open_with_flags(
                &path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )
            .map_err(|e| e.to_string())?;
            if let Some(through) = journal::retention::last_pruned(&conn) {
                if *after_id < through {
                    eprintln!(
                        "note: retention dropped every record through id {through}; those after id {after_id} up to it are missing"
                    );
                }
            }
            Ok(())
        }
    }
}
