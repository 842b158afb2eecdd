//! Refusing files the formatter cannot fully read.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::syntax::ast::File;
use crate::syntax::build::explain_bad_line;

/// The file has syntax errors, so it was not formatted: formatting it could lose the
/// parts that could not be read.
#[derive(Debug, Clone, thiserror::Error)]
#[error("cannot format a file with syntax errors ({} found)", .diagnostics.len())]
pub struct FormatError {
    /// One diagnostic per problem, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses `source`, or says why it cannot be formatted: a diagnostic from the parser or
/// a line the grammar could not read, anywhere in the file.
pub(super) fn parse_readable(source: &str) -> Result<File, FormatError> {
    let mut diags = Diagnostics::new();
    let file = crate::syntax::parse(source, &mut diags);
    for bad in file.bad_lines() {
        diags.push(explain_bad_line(bad));
    }
    if diags.is_empty() {
        Ok(file)
    } else {
        Err(FormatError {
            diagnostics: diags.into_sorted(),
        })
    }
}
