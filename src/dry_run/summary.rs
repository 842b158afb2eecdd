//! The one summary of a replay, shared by `dry-run` (table and JSON) and `run`: what
//! came in, what became of every event, and the board with the same number of
//! places everywhere.

use crate::engine::sources::Report as SourcesReport;
use crate::engine::{Engine, Standing};
use crate::ir::{Prize, Tournament};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Debug, Clone, Serialize)]
pub struct MalformedLine {
    pub line: usize,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleCount {
    pub rule: String,
    pub count: u64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub lines: u64,
    pub events: u64,
    pub counted: u64,
    pub duplicates: u64,
    pub late: u64,
    pub unscorable: u64,
    pub after_clock: u64,
    /// Ineligible events by the first rule that rejected them.
    pub ineligible: Vec<RuleCount>,
    pub malformed: u64,
    /// The first malformed lines, with their numbers.
    pub malformed_lines: Vec<MalformedLine>,
    pub position_changes: u64,
    pub players: usize,
    /// Control records read (see the chapter "Lost events and audits").
    #[serde(skip_serializing_if = "is_zero")]
    pub controls: u64,
    /// Gap tracking at the end of the input, when a wager carried a source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sources: Option<SourcesReport>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Summary {
    /// The engine's counters for `t`; `lines`, `malformed`, `malformed_lines` and
    /// `after_clock` describe the input and are the caller's to fill.
    pub fn of_engine(t: &Tournament, engine: &Engine) -> Summary {
        let stats = engine.stats();
        Summary {
            events: stats.events,
            counted: stats.counted,
            duplicates: stats.duplicates,
            late: stats.late,
            unscorable: stats.unscorable,
            position_changes: stats.position_changes,
            players: engine.standings().len(),
            sources: Some(engine.sources().report(true)).filter(|r| r.sources > 0),
            ineligible: t
                .eligibility
                .rules
                .iter()
                .zip(&stats.ineligible_by_rule)
                .filter(|(_, c)| **c > 0)
                .map(|(r, c)| RuleCount {
                    rule: r.source.clone(),
                    count: *c,
                })
                .collect(),
            ..Summary::default()
        }
    }
}

/// How many places a board shows: `top` when given, else the board's `size`.
pub fn places_shown(t: &Tournament, top: Option<usize>) -> usize {
    top.unwrap_or(t.leaderboard.size as usize)
}

fn prize(p: &Option<Prize>) -> String {
    p.as_ref().map(prize_text).unwrap_or_default()
}

/// `, prize X` for a place with a prize, nothing otherwise (for one-line reports).
pub fn prize_suffix(p: &Option<Prize>) -> String {
    p.as_ref()
        .map(|p| format!(", prize {}", prize_text(p)))
        .unwrap_or_default()
}

/// A prize as the board shows it.
pub fn prize_text(p: &Prize) -> String {
    match p {
        Prize::Text { text } => text.clone(),
        Prize::Money { amount, currency } => format!("{amount} {currency}"),
    }
}

/// Writes the first `shown` places of `board` under a header line.
pub fn write_board(out: &mut dyn Write, board: &[Standing], shown: usize) -> io::Result<()> {
    writeln!(
        out,
        "{:>6}  {:<24} {:>18} {:>7}  prize",
        "place", "player", "score", "wagers"
    )?;
    for s in board.iter().take(shown) {
        writeln!(
            out,
            "{:>6}  {:<24} {:>18} {:>7}  {}",
            s.place,
            s.player_id,
            s.score.to_string(),
            s.wagers,
            prize(&s.prize)
        )?;
    }
    Ok(())
}

/// Writes the board's first `shown` places, then the summary.
pub fn write_text(
    out: &mut dyn Write,
    board: &[Standing],
    s: &Summary,
    shown: usize,
) -> io::Result<()> {
    write_board(out, board, shown)?;
    writeln!(
        out,
        "\n{} lines: {} events, {} counted, {} duplicates, {} late, {} unscorable, {} after --at, {} malformed",
        s.lines, s.events, s.counted, s.duplicates, s.late, s.unscorable, s.after_clock, s.malformed
    )?;
    for rc in &s.ineligible {
        writeln!(out, "  ineligible by `{}`: {}", rc.rule, rc.count)?;
    }
    for m in &s.malformed_lines {
        writeln!(out, "  line {}: {}", m.line, m.reason)?;
    }
    writeln!(
        out,
        "{} players ranked, {} position changes",
        s.players, s.position_changes
    )?;
    if let Some(r) = &s.sources {
        write_sources(out, r)?;
    }
    Ok(())
}

/// How many gaps and mismatches are listed one by one.
pub const GAPS_LISTED: usize = 20;

fn write_sources(out: &mut dyn Write, r: &SourcesReport) -> io::Result<()> {
    let bound = if r.approximate { "at most " } else { "" };
    writeln!(
        out,
        "{} sources tracked: {} gaps open ({bound}{} wagers missing), {} control windows not matching, {} gaps closed late",
        r.sources,
        r.gaps.len(),
        r.missing,
        r.mismatches.len(),
        r.counters.gaps_closed_late
    )?;
    for g in r.gaps.iter().take(GAPS_LISTED) {
        let range = if g.first == g.last {
            format!("{}", g.first)
        } else {
            format!("{}-{}", g.first, g.last)
        };
        writeln!(
            out,
            "  gap: source {:?} wagers {range} ({} missing)",
            g.source, g.missing
        )?;
    }
    for m in r.mismatches.iter().take(GAPS_LISTED) {
        let c = &m.control;
        writeln!(
            out,
            "  control: source {:?} from {} to {}: {} wagers ({} staked) produced, {} ({}) arrived",
            c.source_id,
            crate::serve::api::analytics::rfc3339(c.from_ms),
            crate::serve::api::analytics::rfc3339(c.to_ms),
            c.wagers,
            c.stakes,
            m.arrived.wagers,
            m.arrived.stakes
        )?;
    }
    Ok(())
}
