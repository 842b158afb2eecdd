//! `tourney reconcile`: the wagers the gaming system recorded against those a
//! tournament counted. Lists the missing and the unexpected wagers and what the
//! missing ones change (places, scores, prizes) once they reach the tournament, which
//! is what `--apply` makes happen: re-sent to the tournament's input, they are
//! counted as late arrivals (the engine drops the ones it already has by `wagerId`).

use crate::dry_run::{replay, DryRunOptions};
use crate::engine::eval::first_failing;
use crate::engine::ingest::{parse_record, Record};
use crate::engine::{EngineOptions, Standing};
use crate::ir::{Tournament, WagerEvent};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// A player whose standing the missing wagers change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    pub player_id: String,
    pub before: Option<Standing>,
    pub after: Option<Standing>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reconciliation {
    pub expected: u64,
    pub counted: u64,
    /// Wagers of the export that never reached the tournament, in the export's order.
    pub missing: Vec<WagerEvent>,
    /// How many of the missing wagers its rules make eligible.
    pub missing_eligible: u64,
    /// The missing wagers' lines, as the export has them.
    #[serde(skip)]
    pub missing_lines: Vec<String>,
    /// How many of the missing wagers the rules count.
    pub missing_counted: u64,
    /// Ids the tournament read that the export lacks.
    pub unexpected: Vec<String>,
    /// Lines of either input that are not wagers (control records, malformed lines).
    pub skipped: u64,
    /// What the missing wagers change once sent now (appended to what was read: the
    /// ones older than the allowed lateness behind the latest counted wager are late).
    pub changes: Vec<Change>,
    /// What they would have changed had they arrived on time (everything replayed in
    /// event-time order).
    pub changes_on_time: Vec<Change>,
}

/// The wagers of NDJSON `lines` (first of each id), with the lines skipped.
fn wagers<'a>(lines: impl Iterator<Item = &'a str>) -> (Vec<(&'a str, WagerEvent)>, u64) {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut skipped = 0;
    for line in lines.filter(|l| !l.trim().is_empty()) {
        match parse_record(line) {
            Ok(Record::Wager(ev)) => {
                let id = ev.wager_id.clone().unwrap_or_default();
                if seen.insert(id) {
                    out.push((line, ev));
                }
            }
            _ => skipped += 1,
        }
    }
    (out, skipped)
}

/// Compares the export `expected` with what the tournament read, `counted` (both
/// NDJSON text).
pub fn reconcile(
    t: &Tournament,
    expected: &str,
    counted: &str,
    engine: EngineOptions,
) -> Reconciliation {
    let (want, skipped_a) = wagers(expected.lines());
    let (have, skipped_b) = wagers(counted.lines());
    let have_ids: HashSet<&str> = have
        .iter()
        .filter_map(|(_, e)| e.wager_id.as_deref())
        .collect();
    let want_ids: HashSet<&str> = want
        .iter()
        .filter_map(|(_, e)| e.wager_id.as_deref())
        .collect();
    let missing: Vec<(&str, WagerEvent)> = want
        .iter()
        .filter(|(_, e)| !have_ids.contains(e.wager_id.as_deref().unwrap_or("")))
        .cloned()
        .collect();
    let eligible = missing
        .iter()
        .filter(|(_, e)| first_failing(&t.eligibility, e).is_none())
        .count();
    let unexpected = have
        .iter()
        .filter_map(|(_, e)| e.wager_id.as_deref())
        .filter(|id| !want_ids.contains(id))
        .map(str::to_owned)
        .collect();
    let opts = DryRunOptions {
        engine,
        ..DryRunOptions::default()
    };
    let before = board(t, have.iter().map(|(l, _)| *l), &opts);
    let after = board(t, have.iter().chain(&missing).map(|(l, _)| *l), &opts);
    let mut in_time: Vec<&(&str, WagerEvent)> = have.iter().chain(&missing).collect();
    in_time.sort_by_key(|(_, e)| e.timestamp_ms);
    let on_time = board(t, in_time.into_iter().map(|(l, _)| *l), &opts);
    Reconciliation {
        expected: want.len() as u64,
        counted: have.len() as u64,
        missing_counted: after.1.saturating_sub(before.1),
        missing_eligible: eligible as u64,
        missing_lines: missing.iter().map(|(l, _)| (*l).to_owned()).collect(),
        missing: missing.into_iter().map(|(_, e)| e).collect(),
        unexpected,
        skipped: skipped_a + skipped_b,
        changes: changes(&before.0, &after.0),
        changes_on_time: changes(&before.0, &on_time.0),
    }
}

/// The board and the number of counted wagers after replaying `lines`.
fn board<'a>(
    t: &Tournament,
    lines: impl Iterator<Item = &'a str>,
    opts: &DryRunOptions,
) -> (Vec<Standing>, u64) {
    let lines = lines.map(Ok::<&str, std::convert::Infallible>);
    match replay(t, lines, opts) {
        Ok(r) => (r.board, r.summary.counted),
        Err(never) => match never {},
    }
}

/// The players whose place, score, wagers or prize differ between two boards.
pub fn changes(before: &[Standing], after: &[Standing]) -> Vec<Change> {
    let by_id = |b: &[Standing]| -> HashMap<String, Standing> {
        b.iter().map(|s| (s.player_id.clone(), s.clone())).collect()
    };
    let (a, b) = (by_id(before), by_id(after));
    let mut ids: Vec<&String> = a.keys().chain(b.keys()).collect();
    ids.sort();
    ids.dedup();
    let mut out: Vec<Change> = ids
        .into_iter()
        .filter(|id| a.get(*id) != b.get(*id))
        .map(|id| Change {
            player_id: id.clone(),
            before: a.get(id).cloned(),
            after: b.get(id).cloned(),
        })
        .collect();
    let place = |c: &Change| {
        c.after
            .as_ref()
            .or(c.before.as_ref())
            .map_or(usize::MAX, |s| s.place)
    };
    out.sort_by_key(|c| (place(c), c.player_id.clone()));
    out
}
