//! Schedule: `runs`, `timezone`, `prewarm`.

use super::literal::{rfc3339, timestamp, timezone};
use super::{report, unreadable_item, At};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::ir::Schedule;
use crate::syntax::ast::{Block, Item, Runs};
use crate::syntax::Span;
use chrono_tz::Tz;

/// The tournament's time zone if one is set and valid; `None` also when it is invalid
/// (already reported).
pub(crate) fn zone(items: &[At<'_, Item>], diags: &mut Diagnostics) -> (Option<Tz>, bool) {
    for item in items {
        if let Item::Timezone(name) = item.node {
            let tz = timezone(name, item.file, diags);
            return (tz, tz.is_some());
        }
    }
    (None, true)
}

pub(crate) fn schedule(
    block: At<'_, Block>,
    items: &[At<'_, Item>],
    tz: Option<Tz>,
    diags: &mut Diagnostics,
) -> Option<Schedule> {
    let mut prewarm_ms = 0;
    let mut runs = None;
    for item in items {
        match item.node {
            Item::Runs(r) => runs = Some(item.map(r)),
            Item::Prewarm(d) => prewarm_ms = d.value.millis(),
            _ => {}
        }
    }
    let Some(runs) = runs else {
        if unreadable_item(items, "runs") {
            return None;
        }
        let header = Span::new(block.node.span.start, block.node.name.span.end);
        let d = Diagnostic::error(
            Code::MissingSchedule,
            format!("tournament `{}` has no schedule", block.node.name.value),
        )
        .with_label(header, "when does it run?")
        .with_help("add `runs 2024-11-15T00:00:00Z .. 2024-11-18T00:00:00Z`");
        report(diags, block.file, d);
        return None;
    };
    window(runs, tz, prewarm_ms, diags)
}

fn window(
    runs: At<'_, Runs>,
    tz: Option<Tz>,
    prewarm_ms: u64,
    diags: &mut Diagnostics,
) -> Option<Schedule> {
    let r = runs.node;
    let start = timestamp(&r.start, tz, runs.file, diags);
    let end = timestamp(&r.end, tz, runs.file, diags);
    let (start_ms, end_ms) = (start?, end?);
    let empty = if r.end_inclusive {
        end_ms < start_ms
    } else {
        end_ms <= start_ms
    };
    if empty {
        let (message, help) = if end_ms == start_ms {
            (
                "the tournament ends the moment it starts",
                "give the tournament a positive length: move the end later",
            )
        } else {
            (
                "the tournament ends before it starts",
                "swap the two times, or fix the date",
            )
        };
        let d = Diagnostic::error(Code::EndBeforeStart, message)
            .with_label(r.end.span, format!("ends {}", rfc3339(end_ms)))
            .with_label(r.start.span, format!("starts {}", rfc3339(start_ms)))
            .with_help(help);
        report(diags, runs.file, d);
        return None;
    }
    Some(Schedule {
        start: rfc3339(start_ms),
        end: rfc3339(end_ms),
        start_ms,
        end_ms,
        end_inclusive: r.end_inclusive,
        timezone: tz.map_or_else(|| String::from("UTC"), |t| t.name().to_string()),
        prewarm_ms,
    })
}
