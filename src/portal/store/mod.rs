//! The portal's storage: every saved version of every tournament, the head (the version
//! that is current), the append-only audit log, four-eyes approvals and activations.
//!
//! [`Store`] is synchronous (the HTTP handlers call it from `spawn_blocking`); two
//! backends implement it:
//!
//! - [`WorkspaceStore`]: a folder. `<workspace>/<operator>/<id>.tourney` are the live
//!   files the command line, git and CI see; `<workspace>/.tourney/` keeps the versions,
//!   `audit.ndjson`, approvals and activations.
//! - [`PgStore`]: PostgreSQL (the workers' database).
//!
//! A version is named by the SHA-256 hex of its source ([`hash_source`]). A save names
//! the head it was edited from (`base`); when the head moved meanwhile (another session,
//! or git, or the command line), the save is a [`StoreError::Conflict`] and nothing is
//! overwritten.
//!
//! The store never writes audit entries by itself: the caller, who knows the user and
//! the result, appends them with [`Store::append_audit`].

mod approvals;
mod diff;
mod export;
mod names;
mod ndjson;
mod pg;
mod pg_pool;
mod workspace;

pub use diff::{diff, DiffKind, DiffLine, MAX_EDIT_DISTANCE};
pub use export::{csv_field, write_csv, write_ndjson, CSV_COLUMNS};
pub use names::{validate_name, MAX_NAME};
pub use pg::PgStore;
pub use pg_pool::MAX_CONNECTIONS;
pub use workspace::{WorkspaceStore, OUTSIDE};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One saved version of a tournament's source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    /// SHA-256 of the source, lowercase hex: the version's name.
    pub hash: String,
    pub operator: String,
    pub tournament: String,
    /// Who saved this content first.
    pub author: String,
    pub saved_at: DateTime<Utc>,
    /// The head it was edited from; `None` for the first version or a version found on
    /// disk (written by git or the command line).
    pub parent: Option<String>,
    /// Size of the source in bytes.
    pub bytes: u64,
}

/// A version with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stored {
    pub version: Version,
    pub source: String,
}

/// The current source of a tournament and its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub hash: String,
    pub source: String,
}

/// One line of [`Store::list`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub tournament: String,
    /// Hash of the head.
    pub head: String,
    /// When the head was saved; for a workspace file changed outside the portal, when
    /// the file was last modified.
    pub saved_at: Option<DateTime<Utc>>,
    /// Who saved the head; `None` when it was written outside the portal.
    pub author: Option<String>,
}

/// One line of the audit log: who did what, when, with which result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub operator: String,
    /// The user (or `token` for an operator API token).
    pub user: String,
    /// What was done: `save`, `preview`, `dry-run`, `activate`, `retire`, `approve`, ...
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tournament: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `ok`, `failed`, `refused`, ...
    pub result: String,
    /// Free text: the error, the plan, what was refused and why.
    #[serde(default)]
    pub detail: String,
}

/// What [`Store::audit`] read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AuditRead {
    /// Oldest first.
    pub entries: Vec<AuditEntry>,
    /// Lines that could not be read (a line torn by a crash while it was written); they
    /// are skipped, never fatal.
    pub skipped: Vec<SkippedLine>,
}

/// A line of an NDJSON log that was skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedLine {
    /// 1-based line number in the file.
    pub line: u64,
    pub reason: String,
}

/// Where a four-eyes approval stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalState {
    Pending,
    Approved,
    Rejected,
}

impl ApprovalState {
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalState::Pending => "pending",
            ApprovalState::Approved => "approved",
            ApprovalState::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(ApprovalState::Pending),
            "approved" => Some(ApprovalState::Approved),
            "rejected" => Some(ApprovalState::Rejected),
            _ => None,
        }
    }
}

/// A request that a second person approves a version before it goes live.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub operator: String,
    pub tournament: String,
    pub version: String,
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    pub state: ApprovalState,
    #[serde(default)]
    pub decided_by: Option<String>,
    #[serde(default)]
    pub decided_at: Option<DateTime<Utc>>,
}

/// How an activation (or a retirement) ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Succeeded,
    Failed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Succeeded => "succeeded",
            Outcome::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "succeeded" => Some(Outcome::Succeeded),
            "failed" => Some(Outcome::Failed),
            _ => None,
        }
    }
}

/// Which version went live, when, by whom, where, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activation {
    pub operator: String,
    pub tournament: String,
    pub version: String,
    pub at: DateTime<Utc>,
    pub by: String,
    /// Where it went: `embedded`, or the ksqlDB URL.
    pub target: String,
    pub result: Outcome,
    /// What was done and what was not (the steps), or the error.
    #[serde(default)]
    pub detail: String,
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such tournament, version or approval.
    #[error("{0} not found")]
    NotFound(String),
    /// The head is not the version the edit started from (or the tournament exists when
    /// creating it); `current` is the head now (`None`: there is none).
    #[error("conflict: the tournament was changed meanwhile (head is now {})", current.as_deref().unwrap_or("none"))]
    Conflict { current: Option<String> },
    /// An operator or tournament id that is not a safe file name.
    #[error("invalid {what} {name:?}: {reason}")]
    InvalidName {
        what: &'static str,
        name: String,
        reason: &'static str,
    },
    /// Four eyes: the person deciding requested the approval or wrote the version.
    #[error("{0}")]
    FourEyes(String),
    /// The request does not fit the current state (an approval already decided).
    #[error("{0}")]
    Refused(String),
    /// The disk or the database failed.
    #[error("storage failed: {0}")]
    Backend(String),
}

impl StoreError {
    /// A stable code for the API's error body.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::NotFound(_) => "not_found",
            StoreError::Conflict { .. } => "conflict",
            StoreError::InvalidName { .. } => "invalid_name",
            StoreError::FourEyes(_) => "four_eyes",
            StoreError::Refused(_) => "refused",
            StoreError::Backend(_) => "storage",
        }
    }
}

/// The name of a version: SHA-256 of the source, lowercase hex.
pub fn hash_source(source: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(source.as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The time now, to the microsecond (what PostgreSQL keeps), so both backends give
/// back the times they were given.
pub(crate) fn now() -> DateTime<Utc> {
    use chrono::SubsecRound;
    Utc::now().trunc_subsecs(6)
}

/// Whether `s` looks like a version name (64 lowercase hex digits).
pub fn is_hash(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The portal's storage. Every method checks the operator and tournament names first
/// ([`validate_name`]). One operator never sees another's data: every read is scoped by
/// `operator`.
pub trait Store: Send + Sync {
    /// The operator's tournaments, by id.
    fn list(&self, operator: &str) -> Result<Vec<Summary>, StoreError>;

    /// The head: the current source and its hash. [`StoreError::NotFound`] if there is
    /// no such tournament.
    fn get(&self, operator: &str, tournament: &str) -> Result<Head, StoreError>;

    /// Saves `source` as the new head.
    ///
    /// - `base: None` creates the tournament: a [`StoreError::Conflict`] if it exists.
    /// - `base: Some(h)`: `h` must be the head's hash, else a [`StoreError::Conflict`]
    ///   naming the current head; nothing is overwritten.
    /// - Saving the head's own source again changes nothing and returns the head.
    fn save(
        &self,
        operator: &str,
        tournament: &str,
        source: &str,
        base: Option<&str>,
        author: &str,
    ) -> Result<Version, StoreError>;

    /// Every version of a tournament, oldest first.
    fn versions(&self, operator: &str, tournament: &str) -> Result<Vec<Version>, StoreError>;

    /// One version with its source.
    fn version(&self, operator: &str, tournament: &str, hash: &str) -> Result<Stored, StoreError>;

    /// The line diff from version `from` to version `to`.
    fn diff(
        &self,
        operator: &str,
        tournament: &str,
        from: &str,
        to: &str,
    ) -> Result<Vec<DiffLine>, StoreError> {
        let a = self.version(operator, tournament, from)?;
        let b = self.version(operator, tournament, to)?;
        Ok(diff(&a.source, &b.source))
    }

    /// Appends one entry to the audit log; entries are never changed or removed.
    fn append_audit(&self, entry: &AuditEntry) -> Result<(), StoreError>;

    /// The operator's audit entries at or after `since`, oldest first; when there are
    /// more than `limit`, the most recent `limit`.
    fn audit(
        &self,
        operator: &str,
        since: Option<DateTime<Utc>>,
        limit: usize,
    ) -> Result<AuditRead, StoreError>;

    /// Asks for a second person's approval of `version` (which must exist). Asking again
    /// for a version pending or approved returns that approval; a rejected version can
    /// be asked again.
    fn request_approval(
        &self,
        operator: &str,
        tournament: &str,
        version: &str,
        by: &str,
    ) -> Result<Approval, StoreError>;

    /// Approves or rejects a pending approval. Four eyes: refused
    /// ([`StoreError::FourEyes`]) when `by` asked for it or wrote the version; refused
    /// ([`StoreError::Refused`]) when it is already decided.
    fn decide(
        &self,
        operator: &str,
        tournament: &str,
        version: &str,
        by: &str,
        approve: bool,
    ) -> Result<Approval, StoreError>;

    /// The approval of one version, if one was asked for.
    fn approval(
        &self,
        operator: &str,
        tournament: &str,
        version: &str,
    ) -> Result<Option<Approval>, StoreError>;

    /// The operator's approvals waiting for a decision, oldest first.
    fn pending(&self, operator: &str) -> Result<Vec<Approval>, StoreError>;

    /// Records an activation (or a failed one).
    fn record_activation(&self, activation: &Activation) -> Result<(), StoreError>;

    /// A tournament's activations, oldest first.
    fn activations(&self, operator: &str, tournament: &str) -> Result<Vec<Activation>, StoreError>;
}
