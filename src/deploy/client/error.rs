//! What can go wrong talking to ksqlDB, as typed errors.

use super::wire::ErrorBody;

/// A failed request to ksqlDB.
#[derive(Debug, Clone, thiserror::Error)]
pub enum KsqlError {
    /// ksqlDB rejected a statement (`statement_error`: 400/40001 when validation
    /// refused it, 500/50000 when it failed while running).
    #[error("ksqlDB rejected the statement ({code}): {message}")]
    Statement {
        status: u16,
        code: u32,
        message: String,
        /// The statement (or, for a syntax error, the source line) ksqlDB names.
        statement_text: String,
        /// Entities of statements that ran before the failing one.
        entities: Vec<serde_json::Value>,
    },
    /// Any other error answer (`generic_error`): 401, 404, 5xx, ...
    #[error("ksqlDB answered HTTP {status} ({code}): {message}")]
    Server {
        status: u16,
        code: u32,
        message: String,
    },
    /// An answer that is not the documented shape.
    #[error("unexpected answer from ksqlDB (HTTP {status}): {detail}")]
    Unexpected { status: u16, detail: String },
    /// No connection could be made; nothing was sent.
    #[error("cannot connect to ksqlDB at {url}: {detail}")]
    Connect { url: String, detail: String },
    /// The request was sent but no answer came in time: it may or may not have run.
    #[error("ksqlDB did not answer within {seconds} s")]
    Timeout { seconds: u64 },
    /// The request failed after it was sent, for another reason.
    #[error("request to ksqlDB failed: {detail}")]
    Transport { detail: String },
    /// The command ran and ended in `ERROR`.
    #[error("command `{command_id}` failed: {message}")]
    CommandFailed { command_id: String, message: String },
    /// The command did not reach a final status before the deadline.
    #[error("command `{command_id}` still `{status}` after {seconds} s")]
    StatusDeadline {
        command_id: String,
        status: String,
        seconds: u64,
    },
    /// The TLS or client set-up failed (bad CA file, ...).
    #[error("cannot set up the ksqlDB client: {detail}")]
    Setup { detail: String },
}

impl KsqlError {
    /// An error answer with its HTTP status.
    pub fn from_body(status: u16, body: ErrorBody) -> KsqlError {
        if body.kind.as_deref() == Some("statement_error") {
            KsqlError::Statement {
                status,
                code: body.error_code,
                message: body.message,
                statement_text: body.statement_text.unwrap_or_default(),
                entities: body.entities,
            }
        } else {
            KsqlError::Server {
                status,
                code: body.error_code,
                message: body.message,
            }
        }
    }

    /// Whether the request certainly did not run, so it may be sent again: no
    /// connection, 50302 (server not ready) or 50301 (the server gave up waiting for
    /// the commands before ours, before it looked at the statement).
    pub fn not_sent(&self) -> bool {
        matches!(self, KsqlError::Connect { .. })
            || matches!(
                self,
                KsqlError::Server {
                    code: 50301 | 50302,
                    ..
                }
            )
    }

    /// The HTTP status of an error answer, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            KsqlError::Statement { status, .. }
            | KsqlError::Server { status, .. }
            | KsqlError::Unexpected { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether sending a read again may help (5xx, 429, connection problems). A
    /// time-out is not retried: a server that did not answer within the request
    /// time-out is reported at once instead of being waited for again.
    pub fn transient(&self) -> bool {
        match self {
            KsqlError::Connect { .. } | KsqlError::Transport { .. } => true,
            KsqlError::Server { code: 42900, .. } => true,
            other => other.status().is_some_and(|s| s >= 500),
        }
    }

    /// Whether the outcome of a write is unknown: it may have run. Every 5xx answer
    /// (a ksqlDB error body, or a plain-text page from a proxy or load balancer)
    /// except "not ready" and "timed out waiting for earlier commands", a lost
    /// answer, and a command still not final.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            KsqlError::Timeout { .. }
                | KsqlError::Transport { .. }
                | KsqlError::StatusDeadline { .. }
        ) || (!self.not_sent() && self.status().is_some_and(|s| s >= 500))
    }

    /// Whether ksqlDB said the object already exists (or no longer does).
    pub fn is_exists_conflict(&self) -> bool {
        match self {
            KsqlError::Statement { message, .. } => {
                message.contains("already exists") || message.contains("does not exist")
            }
            _ => false,
        }
    }

    /// Whether the credentials were refused (401/403).
    pub fn is_auth(&self) -> bool {
        matches!(
            self,
            KsqlError::Server {
                status: 401 | 403,
                ..
            }
        )
    }
}
