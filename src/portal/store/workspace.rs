//! [`WorkspaceStore`]: the store as a folder, for the embedded default.
//!
//! ```text
//! <workspace>/<operator>/<id>.tourney                  the live file (CLI, git, CI)
//! <workspace>/.tourney/versions/<operator>/<id>/<sha256>.tourney
//! <workspace>/.tourney/versions/<operator>/<id>/index.ndjson   one Version a line
//! <workspace>/.tourney/audit.ndjson                    append-only
//! <workspace>/.tourney/approvals.ndjson                every state of every approval
//! <workspace>/.tourney/activations.ndjson
//! ```
//!
//! A save holds the tournament's lock in this process and compares the base with the
//! hash of the live file as it is on disk, so an edit by git or the command line in
//! between is a conflict too. A live file changed outside the portal becomes a version
//! (author [`OUTSIDE`]) the first time the portal reads or replaces it.

use super::ndjson::{self, backend};
use super::{
    hash_source, is_hash, validate_name, Activation, Approval, AuditEntry, AuditRead, Head, Store,
    StoreError, Stored, Summary, Version,
};
use crate::atomic::{write_with, Failure, Mode};
use chrono::{DateTime, Utc};
use parking_lot::Mutex;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The author of a version found on disk, written outside the portal.
pub const OUTSIDE: &str = "(outside the portal)";

type Locks = Mutex<HashMap<(String, String), Arc<Mutex<()>>>>;

/// The portal's storage in a workspace folder.
#[derive(Debug)]
pub struct WorkspaceStore {
    root: PathBuf,
    locks: Locks,
    /// Serialises the read-decide-append of approvals.
    approvals: Mutex<()>,
}

impl WorkspaceStore {
    /// Opens the workspace at `root`, creating `root/.tourney/` if needed.
    pub fn open(root: impl Into<PathBuf>) -> Result<Self, StoreError> {
        let root = root.into();
        let meta = root.join(".tourney");
        std::fs::create_dir_all(&meta).map_err(|e| backend(&meta, e))?;
        Ok(WorkspaceStore {
            root,
            locks: Mutex::new(HashMap::new()),
            approvals: Mutex::new(()),
        })
    }

    /// The workspace folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The live file of a tournament: `<workspace>/<operator>/<id>.tourney`.
    pub fn live_path(&self, operator: &str, tournament: &str) -> Result<PathBuf, StoreError> {
        names(operator, tournament)?;
        Ok(self
            .root
            .join(operator)
            .join(format!("{tournament}.tourney")))
    }

    fn meta(&self, file: &str) -> PathBuf {
        self.root.join(".tourney").join(file)
    }

    fn versions_dir(&self, operator: &str, tournament: &str) -> PathBuf {
        self.root
            .join(".tourney")
            .join("versions")
            .join(operator)
            .join(tournament)
    }

    fn lock(&self, operator: &str, tournament: &str) -> Arc<Mutex<()>> {
        let key = (operator.to_string(), tournament.to_string());
        Arc::clone(self.locks.lock().entry(key).or_default())
    }

    fn read_live(&self, operator: &str, tournament: &str) -> Result<Option<Head>, StoreError> {
        let path = self.live_path(operator, tournament)?;
        match std::fs::read(&path) {
            Ok(bytes) => {
                let source = String::from_utf8(bytes)
                    .map_err(|_| backend(&path, "the file is not UTF-8 text"))?;
                Ok(Some(Head {
                    hash: hash_source(&source),
                    source,
                }))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(backend(&path, e)),
        }
    }

    fn index(&self, operator: &str, tournament: &str) -> Result<Vec<Version>, StoreError> {
        let path = self.versions_dir(operator, tournament).join("index.ndjson");
        Ok(ndjson::read(&path)?.0)
    }

    /// Keeps `source` as a version unless it is kept already; its metadata.
    fn record(
        &self,
        known: &[Version],
        (operator, tournament): (&str, &str),
        source: &str,
        parent: Option<&str>,
        (author, saved_at): (&str, DateTime<Utc>),
    ) -> Result<Version, StoreError> {
        let hash = hash_source(source);
        if let Some(v) = known.iter().find(|v| v.hash == hash) {
            return Ok(v.clone());
        }
        let dir = self.versions_dir(operator, tournament);
        std::fs::create_dir_all(&dir).map_err(|e| backend(&dir, e))?;
        let file = dir.join(format!("{hash}.tourney"));
        match write_file(&file, source, Mode::CreateNew) {
            Err(Failure::Io(e)) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            other => other.map_err(|f| failure(&file, f))?,
        }
        let version = Version {
            hash,
            operator: operator.to_string(),
            tournament: tournament.to_string(),
            author: author.to_string(),
            saved_at,
            parent: parent.map(str::to_string),
            bytes: source.len() as u64,
        };
        ndjson::append(&dir.join("index.ndjson"), &version)?;
        Ok(version)
    }

    /// The live file and its version, keeping it as a version first if it was written
    /// outside the portal. Call with the tournament's lock held.
    fn head_version(
        &self,
        operator: &str,
        tournament: &str,
    ) -> Result<Option<(Head, Version, Vec<Version>)>, StoreError> {
        let Some(head) = self.read_live(operator, tournament)? else {
            return Ok(None);
        };
        let mut known = self.index(operator, tournament)?;
        let version = match known.iter().find(|v| v.hash == head.hash) {
            Some(v) => v.clone(),
            None => {
                let at = self.modified(operator, tournament).unwrap_or_else(Utc::now);
                let v = self.record(
                    &known,
                    (operator, tournament),
                    &head.source,
                    None,
                    (OUTSIDE, at),
                )?;
                known.push(v.clone());
                v
            }
        };
        Ok(Some((head, version, known)))
    }

    fn modified(&self, operator: &str, tournament: &str) -> Option<DateTime<Utc>> {
        let path = self.live_path(operator, tournament).ok()?;
        let time = std::fs::metadata(path).ok()?.modified().ok()?;
        Some(DateTime::<Utc>::from(time))
    }

    fn summary(&self, operator: &str, tournament: &str) -> Result<Option<Summary>, StoreError> {
        let Some(head) = self.read_live(operator, tournament)? else {
            return Ok(None);
        };
        let known = self.index(operator, tournament)?;
        let v = known.iter().find(|v| v.hash == head.hash);
        Ok(Some(Summary {
            tournament: tournament.to_string(),
            saved_at: v
                .map(|v| v.saved_at)
                .or_else(|| self.modified(operator, tournament)),
            author: v.map(|v| v.author.clone()).filter(|a| a != OUTSIDE),
            head: head.hash,
        }))
    }

    /// Replaces (or creates) the live file, unless it changed on disk since `expected`.
    fn put_live(
        &self,
        (operator, tournament): (&str, &str),
        source: &str,
        expected: Option<&str>,
    ) -> Result<(), StoreError> {
        let now = self.read_live(operator, tournament)?.map(|h| h.hash);
        if now.as_deref() != expected {
            return Err(StoreError::Conflict { current: now });
        }
        let path = self.live_path(operator, tournament)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| backend(dir, e))?;
        }
        let mode = if expected.is_some() {
            Mode::Replace
        } else {
            Mode::CreateNew
        };
        match write_file(&path, source, mode) {
            Err(Failure::Io(e)) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(StoreError::Conflict {
                    current: self.read_live(operator, tournament)?.map(|h| h.hash),
                })
            }
            other => other.map_err(|f| failure(&path, f)),
        }
    }

    fn approvals_log(&self) -> Result<Vec<Approval>, StoreError> {
        Ok(ndjson::read(&self.meta("approvals.ndjson"))?.0)
    }

    fn latest_approval(
        &self,
        (operator, tournament, version): (&str, &str, &str),
    ) -> Result<Option<Approval>, StoreError> {
        Ok(self
            .approvals_log()?
            .into_iter()
            .rev()
            .find(|a| a.operator == operator && a.tournament == tournament && a.version == version))
    }
}

fn names(operator: &str, tournament: &str) -> Result<(), StoreError> {
    validate_name("operator", operator)?;
    validate_name("tournament", tournament)
}

fn write_file(path: &Path, source: &str, mode: Mode) -> Result<(), Failure<std::io::Error>> {
    write_with(path, mode, |w| w.write_all(source.as_bytes()))
}

fn failure(path: &Path, f: Failure<std::io::Error>) -> StoreError {
    let (Failure::Io(e) | Failure::Fill(e)) = f;
    backend(path, e)
}

impl Store for WorkspaceStore {
    fn list(&self, operator: &str) -> Result<Vec<Summary>, StoreError> {
        validate_name("operator", operator)?;
        let dir = self.root.join(operator);
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(backend(&dir, e)),
        };
        let mut ids: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                let id = name.strip_suffix(".tourney")?.to_string();
                validate_name("tournament", &id).ok().map(|()| id)
            })
            .collect();
        ids.sort();
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(self.summary(operator, &id)?);
        }
        Ok(out)
    }

    fn get(&self, operator: &str, tournament: &str) -> Result<Head, StoreError> {
        self.read_live(operator, tournament)?
            .ok_or_else(|| StoreError::NotFound(format!("tournament {tournament}")))
    }

    fn save(
        &self,
        operator: &str,
        tournament: &str,
        source: &str,
        base: Option<&str>,
        author: &str,
    ) -> Result<Version, StoreError> {
        names(operator, tournament)?;
        let lock = self.lock(operator, tournament);
        let _held = lock.lock();
        let key = (operator, tournament);
        let now = super::now();
        match (base, self.head_version(operator, tournament)?) {
            (None, Some((head, ..))) => Err(StoreError::Conflict {
                current: Some(head.hash),
            }),
            (Some(_), None) => Err(StoreError::Conflict { current: None }),
            (None, None) => {
                let known = self.index(operator, tournament)?;
                let v = self.record(&known, key, source, None, (author, now))?;
                self.put_live(key, source, None)?;
                Ok(v)
            }
            (Some(_), Some((head, v, _))) if head.hash == hash_source(source) => Ok(v),
            (Some(b), Some((head, ..))) if b != head.hash => Err(StoreError::Conflict {
                current: Some(head.hash),
            }),
            (Some(b), Some((_, _, known))) => {
                let v = self.record(&known, key, source, Some(b), (author, now))?;
                self.put_live(key, source, Some(b))?;
                Ok(v)
            }
        }
    }

    fn versions(&self, operator: &str, tournament: &str) -> Result<Vec<Version>, StoreError> {
        names(operator, tournament)?;
        let lock = self.lock(operator, tournament);
        let _held = lock.lock();
        match self.head_version(operator, tournament)? {
            Some((.., known)) => Ok(known),
            None => self.index(operator, tournament),
        }
    }

    fn version(&self, operator: &str, tournament: &str, hash: &str) -> Result<Stored, StoreError> {
        let not_found = || StoreError::NotFound(format!("version {hash}"));
        if !is_hash(hash) {
            names(operator, tournament)?;
            return Err(not_found());
        }
        let version = self
            .versions(operator, tournament)?
            .into_iter()
            .find(|v| v.hash == hash)
            .ok_or_else(not_found)?;
        let path = self
            .versions_dir(operator, tournament)
            .join(format!("{hash}.tourney"));
        let source = std::fs::read_to_string(&path).map_err(|e| backend(&path, e))?;
        Ok(Stored { version, source })
    }

    fn append_audit(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        validate_name("operator", &entry.operator)?;
        ndjson::append(&self.meta("audit.ndjson"), entry)
    }

    fn audit(
        &self,
        operator: &str,
        since: Option<DateTime<Utc>>,
        limit: usize,
    ) -> Result<AuditRead, StoreError> {
        validate_name("operator", operator)?;
        let mut entries = std::collections::VecDeque::new();
        let skipped = ndjson::read_each(&self.meta("audit.ndjson"), |e: AuditEntry| {
            if e.operator == operator && since.is_none_or(|s| e.at >= s) {
                entries.push_back(e);
                if entries.len() > limit {
                    entries.pop_front();
                }
            }
        })?;
        Ok(AuditRead {
            entries: entries.into(),
            skipped,
        })
    }

    fn request_approval(
        &self,
        operator: &str,
        tournament: &str,
        version: &str,
        by: &str,
    ) -> Result<Approval, StoreError> {
        self.version(operator, tournament, version)?;
        let _held = self.approvals.lock();
        if let Some(a) = self.latest_approval((operator, tournament, version))? {
            if a.state != super::ApprovalState::Rejected {
                return Ok(a);
            }
        }
        let a = super::approvals::requested(operator, tournament, version, by);
        ndjson::append(&self.meta("approvals.ndjson"), &a)?;
        Ok(a)
    }

    fn decide(
        &self,
        operator: &str,
        tournament: &str,
        version: &str,
        by: &str,
        approve: bool,
    ) -> Result<Approval, StoreError> {
        let author = self.version(operator, tournament, version)?.version.author;
        let _held = self.approvals.lock();
        let current = self.latest_approval((operator, tournament, version))?;
        let decided = super::approvals::decide(current, &author, by, approve)?;
        ndjson::append(&self.meta("approvals.ndjson"), &decided)?;
        Ok(decided)
    }

    fn approval(
        &self,
        operator: &str,
        tournament: &str,
        version: &str,
    ) -> Result<Option<Approval>, StoreError> {
        names(operator, tournament)?;
        self.latest_approval((operator, tournament, version))
    }

    fn pending(&self, operator: &str) -> Result<Vec<Approval>, StoreError> {
        validate_name("operator", operator)?;
        let mine = self
            .approvals_log()?
            .into_iter()
            .filter(|a| a.operator == operator);
        Ok(super::approvals::pending(mine))
    }

    fn record_activation(&self, activation: &Activation) -> Result<(), StoreError> {
        names(&activation.operator, &activation.tournament)?;
        ndjson::append(&self.meta("activations.ndjson"), activation)
    }

    fn activations(&self, operator: &str, tournament: &str) -> Result<Vec<Activation>, StoreError> {
        names(operator, tournament)?;
        let (all, _) = ndjson::read::<Activation>(&self.meta("activations.ndjson"))?;
        Ok(all
            .into_iter()
            .filter(|a| a.operator == operator && a.tournament == tournament)
            .collect())
    }
}
