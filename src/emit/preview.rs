//! The readable preview of what a tournament compiles to: its window, its stream and
//! topic, the shared source stream, the eligibility query and the scoring config. The
//! text `tourney preview` prints and the portal shows.

use super::Emitted;
use crate::ir::Tournament;
use std::fmt::Write;

/// The preview of one tournament, ending with a newline.
pub fn text(t: &Tournament, e: &Emitted) -> String {
    let mut out = String::new();
    let inclusive = if t.schedule.end_inclusive {
        " (inclusive)"
    } else {
        ""
    };
    let config = serde_json::to_string_pretty(&e.config).unwrap_or_default();
    // Writing into a String cannot fail.
    let _ = write!(
        out,
        "== {} ({}) — operator {}\n   runs {} → {}{inclusive}\n   stream {}  →  topic {}\n\n\
         -- shared source stream (idempotent)\n{}\n\n-- eligibility query\n{}\n\n\
         -- scoring-engine config\n{config}\n",
        t.title,
        t.id,
        t.operator,
        t.schedule.start,
        t.schedule.end,
        e.stream,
        e.topic,
        e.source_stream.trim_end(),
        e.statement.trim_end(),
    );
    out
}

/// The previews of several tournaments, separated by a blank line.
pub fn texts<'a>(items: impl IntoIterator<Item = (&'a Tournament, &'a Emitted)>) -> String {
    let parts: Vec<String> = items.into_iter().map(|(t, e)| text(t, e)).collect();
    parts.join("\n")
}
