//! What the domain wants kept in a journal, decided with each reply: the
//! actor that answers a request says which facts it produced (a
//! verification, a healing, a fault, a coordination), from its typed request
//! and reply. Whoever hosts the application writes them: hmsd into its
//! SQLite journal, an embedded runtime (Python, C) into a JSON-lines file
//! when configured (`[journal] file`).

use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

use hms_runtime::{Error, Worker};
use serde::Serialize;
use serde_json::{json, Value};

/// One fact to journal: what happened (`kind`), to whom (`subject`), and its data.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JournalFact {
    pub kind: &'static str,
    pub subject: String,
    pub data: Value,
}

/// Every kind of fact the domain produces.
pub const KINDS: [&str; 5] = [
    "verification",
    "healing",
    "fault",
    "fault_cleared",
    "coordination",
];

/// The kind named `name`, for facts that crossed a process boundary.
pub fn known_kind(name: &str) -> Option<&'static str> {
    KINDS.iter().copied().find(|k| *k == name)
}

impl JournalFact {
    pub fn new(kind: &'static str, subject: impl Into<String>, data: Value) -> Self {
        debug_assert!(KINDS.contains(&kind), "fact kind {kind:?}: add it to KINDS");
        Self {
            kind,
            subject: subject.into(),
            data,
        }
    }
}

/// What to journal once a request is answered: taken from the request
/// before it is sent, applied to the typed reply.
pub type Pending<R> = Box<dyn FnOnce(&R) -> Vec<JournalFact> + Send>;

/// An actor whose replies may be journaled.
pub trait Journaled: Worker {
    /// The facts `msg`'s reply will produce (`None`: nothing to keep).
    fn journal(_msg: &Self::Msg) -> Option<Pending<Self::Reply>> {
        None
    }
}

/// The subject of a patient's facts.
pub fn patient_subject(patient_id: Option<&str>) -> String {
    patient_id.unwrap_or("(no patient_id)").to_string()
}

/// A JSON-lines journal file for an embedded runtime: one object per fact,
/// with the time it was written, appended and flushed before the call returns.
#[derive(Debug)]
pub struct JournalFile {
    path: PathBuf,
    file: Mutex<std::fs::File>,
}

impl JournalFile {
    /// Opens (creating, appending to) `path`.
    ///
    /// # Errors
    ///
    /// `validation` naming `journal.file` when it cannot be opened.
    pub fn open(path: impl Into<PathBuf>) -> Result<Self, Error> {
        let path = path.into();
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| Error::validation("journal.file", format!("{}: {e}", path.display())))?;
        Ok(Self {
            path,
            file: Mutex::new(file),
        })
    }

    /// Appends `facts` (one line each) and flushes them to the file.
    ///
    /// # Errors
    ///
    /// `internal` when the write fails: the caller learns its facts were not kept.
    pub fn write(&self, facts: &[JournalFact]) -> Result<(), Error> {
        if facts.is_empty() {
            return Ok(());
        }
        let at = crate::healer::recovery::now_ms();
        let mut text = String::new();
        for f in facts {
            text += &json!({"at_ms": at, "kind": f.kind, "subject": f.subject, "data": f.data})
                .to_string();
            text.push('\n');
        }
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        file.write_all(text.as_bytes())
            .and_then(|()| file.flush())
            .map_err(|e| Error::internal(format!("journal {}: {e}", self.path.display())))
    }
}
