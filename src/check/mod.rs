//! The checker: from syntax trees to checked tournaments (IR), collecting every problem.
//!
//! Passes, in order: read each file (unreadable lines become diagnostics), gather
//! templates, then for each tournament merge its template chain and check identity,
//! schedule, eligibility, scoring, leaderboard and tests; last, look across files for
//! duplicate ids. A tournament yields IR only when its own checks found no error.

mod audience;
mod bounds;
mod builtin;
mod currency;
mod dnf;
mod eligibility;
mod identity;
mod leaderboard;
mod literal;
mod merge;
mod project;
mod satisfiable;
mod schedule;
mod scoring;
mod sql_limits;
mod tests;
mod topics;
mod tournament;

pub use builtin::BUILTIN_TEMPLATES;
pub use currency::is_known as is_currency;
pub use identity::{valid_id, valid_operator};
pub use literal::rfc3339;
pub use project::{check_project, CheckedFile, CheckedProject, Project};

use crate::diagnostics::{Diagnostic, Diagnostics, SourceId};

/// A syntax node and the file it was written in (template items live in other files).
#[derive(Debug)]
pub(crate) struct At<'a, T> {
    pub file: SourceId,
    pub node: &'a T,
}

impl<T> Clone for At<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for At<'_, T> {}

impl<'a, T> At<'a, T> {
    pub fn new(file: SourceId, node: &'a T) -> Self {
        At { file, node }
    }

    pub fn map<U>(&self, node: &'a U) -> At<'a, U> {
        At {
            file: self.file,
            node,
        }
    }
}

/// Pushes a diagnostic stamped with a file.
pub(crate) fn report(diags: &mut Diagnostics, file: SourceId, diag: Diagnostic) {
    diags.push(diag.in_file(file));
}

/// Whether an unreadable line starts with `keyword`: the setting is there but could not
/// be read, which has been reported already, so "missing setting" would be wrong.
pub(crate) fn unreadable(text: &str, keyword: &str) -> bool {
    text.trim_start()
        .strip_prefix(keyword)
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_'))
}

/// Whether one of `items` is an unreadable `keyword` line.
pub(crate) fn unreadable_item(items: &[At<'_, crate::syntax::ast::Item>], keyword: &str) -> bool {
    items
        .iter()
        .any(|i| matches!(i.node, crate::syntax::ast::Item::Bad(b) if unreadable(&b.text, keyword)))
}
