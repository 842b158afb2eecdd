//! The status of a live tournament, as the API shows it.

use super::live::LiveTournament;
use super::phase::Phase;
use crate::check::rfc3339;
use crate::engine::sources::Report as SourcesReport;
use crate::engine::Engine;
use serde::Serialize;

/// Phase, window and counters of one live tournament.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    pub tournament: String,
    pub operator: String,
    pub title: String,
    pub phase: Phase,
    /// First instant that counts, RFC 3339.
    pub start: String,
    /// End of the window, RFC 3339 (included only when `end_inclusive`).
    pub end: String,
    pub end_inclusive: bool,
    /// Events processed, whatever became of them.
    pub events: u64,
    /// Events that scored.
    pub counted: u64,
    pub duplicates: u64,
    pub late: u64,
    pub ineligible: u64,
    pub unscorable: u64,
    /// Players on the board.
    pub players: usize,
    /// Size of the published board.
    pub board_size: u32,
    /// Position changes published.
    pub position_changes: u64,
    /// The latest event time processed, RFC 3339.
    pub last_event: Option<String>,
    /// The latest event time counted; events more than the allowed lateness behind it
    /// are late.
    pub watermark: Option<String>,
    /// Gap tracking, when a wager carried a source: the open gaps and control
    /// mismatches (the first twenty of each listed) and the counters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sources: Option<SourcesReport>,
}

impl Status {
    pub(crate) fn new(live: &LiveTournament, engine: &Engine) -> Status {
        let t = live.tournament();
        let s = &engine.stats;
        Status {
            tournament: t.id.clone(),
            operator: t.operator.clone(),
            title: t.title.clone(),
            phase: live.phase(),
            start: t.schedule.start.clone(),
            end: t.schedule.end.clone(),
            end_inclusive: t.schedule.end_inclusive,
            events: s.events,
            counted: s.counted,
            duplicates: s.duplicates,
            late: s.late,
            ineligible: s.ineligible_by_rule.iter().sum(),
            unscorable: s.unscorable,
            players: engine.standings().len(),
            board_size: t.leaderboard.size,
            position_changes: live.published(),
            last_event: live.latest_event_ms().map(rfc3339),
            watermark: engine.watermark().map(rfc3339),
            sources: sources(engine),
        }
    }
}

fn sources(engine: &Engine) -> Option<SourcesReport> {
    let mut r = engine.sources().report(false);
    if r.sources == 0 {
        return None;
    }
    let listed = crate::dry_run::summary::GAPS_LISTED;
    r.gaps.truncate(listed);
    r.mismatches.truncate(listed);
    Some(r)
}
