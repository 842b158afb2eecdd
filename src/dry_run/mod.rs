//! The dry-run: replay NDJSON wager events through the scoring engine, in process.
//! Malformed lines are counted with their line numbers and never stop the run.

mod explain;
pub mod lines;
pub mod summary;

pub use explain::{explain_event, Explanation, RuleTrace};
pub use lines::{AsLine, Line};
pub use summary::{MalformedLine, RuleCount, Summary};

use crate::audit::digest::Ledger;
use crate::audit::AuditRecord;
use crate::engine::changes::PositionChange;
use crate::engine::ingest::{parse_record, source_marks, Record};
use crate::engine::{Engine, EngineOptions, Outcome, Standing};
use crate::ir::Tournament;
use serde::Serialize;

#[derive(Debug, Clone, Default)]
pub struct DryRunOptions {
    /// Stop the clock: events after this instant (epoch ms) are not replayed.
    pub at_ms: Option<i64>,
    /// Explain what became of this wager.
    pub explain: Option<String>,
    /// Keep the position-change events.
    pub collect_changes: bool,
    /// Keep the counted wagers and make the audit record.
    pub audit: bool,
    pub engine: EngineOptions,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub tournament: String,
    pub summary: Summary,
    pub board: Vec<Standing>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<PositionChange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Explanation>,
    /// The audit record, with [`DryRunOptions::audit`].
    #[serde(skip)]
    pub audit: Option<AuditRecord>,
}

/// How many malformed lines are listed one by one.
pub const MALFORMED_LISTED: usize = 20;

/// Replays `lines` (NDJSON, one event per line) through a fresh engine.
pub fn replay<L: AsLine, E>(
    t: &Tournament,
    lines: impl Iterator<Item = Result<L, E>>,
    opts: &DryRunOptions,
) -> Result<Report, E> {
    let mut engine = Engine::new(t, opts.engine);
    let mut summary = Summary::default();
    let mut changes = Vec::new();
    let mut explanation = None;
    let mut ledger = Ledger::default();
    for (i, line) in lines.enumerate() {
        let line = line?;
        let parsed = match line.as_line() {
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) => parse_record(text).map_err(|m| m.reason),
            Err(why) => Err(why.to_owned()),
        };
        summary.lines += 1;
        let ev = match parsed {
            Ok(Record::Wager(ev)) => ev,
            Ok(Record::Control(c)) => {
                summary.controls += 1;
                if let Err(why) = engine.control(*c) {
                    note_malformed(&mut summary, i + 1, format!("control record: {why}"));
                }
                continue;
            }
            Err(reason) => {
                note_malformed(&mut summary, i + 1, reason);
                if let Some((source, seq)) = line.as_line().ok().and_then(source_marks) {
                    engine.sources_mut().set_aside(&source, &seq);
                }
                continue;
            }
        };
        if opts
            .at_ms
            .is_some_and(|at| ev.timestamp_ms.is_some_and(|ts| ts > at))
        {
            summary.after_clock += 1;
            continue;
        }
        let before = changes.len();
        let outcome = engine.process(&ev, &mut changes);
        if opts.audit && matches!(outcome, Outcome::Counted { .. }) {
            ledger.add(ev.wager_id.as_deref().unwrap_or(""), ev.wager_amount);
        }
        if !opts.collect_changes {
            changes.truncate(before);
        }
        if explanation.is_none()
            && opts
                .explain
                .as_deref()
                .is_some_and(|w| ev.wager_id.as_deref() == Some(w))
        {
            explanation = Some(explain_event(t, &ev, &outcome, i + 1));
        }
    }
    let mut tail = Vec::new();
    engine.flush(&mut tail);
    if opts.collect_changes {
        changes.extend(tail);
    }
    engine.sources_mut().settle();
    let input = summary;
    let summary = Summary {
        lines: input.lines,
        after_clock: input.after_clock,
        malformed: input.malformed,
        malformed_lines: input.malformed_lines,
        controls: input.controls,
        ..Summary::of_engine(t, &engine)
    };
    let audit = opts
        .audit
        .then(|| AuditRecord::of(&engine, ledger.digest()));
    Ok(Report {
        tournament: t.id.clone(),
        summary,
        board: engine.result(),
        changes,
        explanation,
        audit,
    })
}

fn note_malformed(summary: &mut Summary, line: usize, reason: String) {
    summary.malformed += 1;
    if summary.malformed_lines.len() < MALFORMED_LISTED {
        summary.malformed_lines.push(MalformedLine { line, reason });
    }
}
