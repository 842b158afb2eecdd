//! Refusing files the formatter cannot fully read.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::syntax::ast::{BadLine, File, Item, LeaderboardEntry, ScoreEntry, TestEntry};
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
    for bad in bad_lines(&file) {
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

/// Every unreadable line of the file, wherever it was found.
fn bad_lines(file: &File) -> Vec<&BadLine> {
    let mut out: Vec<&BadLine> = file.bad.iter().collect();
    for item in file.blocks.iter().flat_map(|b| &b.items) {
        item_bad_lines(item, &mut out);
    }
    out
}

fn item_bad_lines<'a>(item: &'a Item, out: &mut Vec<&'a BadLine>) {
    match item {
        Item::Bad(b) => out.push(b),
        Item::Metadata(m) => out.extend(&m.bad),
        Item::Eligible(e) => out.extend(&e.bad),
        Item::Score(s) => {
            for entry in &s.entries {
                match entry {
                    ScoreEntry::Bad(b) => out.push(b),
                    ScoreEntry::Currency(c) => out.extend(&c.bad),
                    _ => {}
                }
            }
        }
        Item::Leaderboard(l) => {
            for entry in &l.entries {
                match entry {
                    LeaderboardEntry::Bad(b) => out.push(b),
                    LeaderboardEntry::Prizes(p) => out.extend(&p.bad),
                    _ => {}
                }
            }
        }
        Item::Test(t) => {
            for entry in &t.entries {
                match entry {
                    TestEntry::Bad(b) => out.push(b),
                    TestEntry::Wager(w) => out.extend(&w.bad),
                    TestEntry::Expect(_) => {}
                }
            }
        }
        _ => {}
    }
}
