//! What the files ask for: one [`Target`] per tournament, with the statement it
//! compiles to and the `.tourney` span of its `tournament` block, so that a failing
//! statement can be traced back to the file that produced it.

use crate::emit::{emit, EmitError, EmitOptions, Emitted};
use crate::ir::{SourceSpan, Tournament};

/// One tournament, compiled for deployment.
#[derive(Debug, Clone)]
pub struct Target {
    /// The checked model.
    pub tournament: Tournament,
    /// The statements and scoring config (`CREATE STREAM`, not `OR REPLACE`).
    pub emitted: Emitted,
    /// The `tournament` block in its file.
    pub origin: Option<SourceSpan>,
    /// The text of the `.tourney` file the tournament is defined in.
    pub source: String,
}

impl Target {
    /// Compiles `t`; `origin` is the span of its `tournament` block.
    pub fn new(
        t: &Tournament,
        origin: Option<SourceSpan>,
        source: String,
    ) -> Result<Target, EmitError> {
        Ok(Target {
            tournament: t.clone(),
            emitted: emit(t, &EmitOptions::default())?,
            origin,
            source,
        })
    }

    /// `CREATE OR REPLACE STREAM ...`: the in-place upgrade of the running query.
    pub fn replace_statement(&self) -> Result<String, EmitError> {
        Ok(emit(
            &self.tournament,
            &EmitOptions {
                or_replace: true,
                ..EmitOptions::default()
            },
        )?
        .statement)
    }

    /// `file:line:column` of the `tournament` block, or the tournament id.
    pub fn location(&self) -> String {
        match &self.origin {
            Some(o) => format!("{}:{}:{}", o.file, o.line, o.column),
            None => format!("tournament `{}`", self.tournament.id),
        }
    }
}
