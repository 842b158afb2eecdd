//! What the tracker reports: the gaps and control mismatches open now, and notices
//! of new ones for the logs.

use super::control::{Claim, Control, Tally};
use super::holes::Hole;
use super::{Counters, SourcesMemory};
use serde::Serialize;

/// Wagers `first..=last` of `source` never arrived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Gap {
    pub source: String,
    pub first: u64,
    pub last: u64,
    pub missing: u64,
    /// When the hole was first seen, and how long ago that is, on the tracking clock.
    pub noticed_ms: i64,
    pub age_ms: i64,
}

/// A control window that does not match what arrived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mismatch {
    pub control: Control,
    pub arrived: Tally,
    pub since_ms: i64,
}

/// Something new for the logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Gap(Gap),
    Mismatch(Mismatch),
    /// A control window forgotten unchecked because too many were waiting.
    ClaimDropped(Control),
}

/// The state of the tracking now.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub sources: usize,
    /// Open gaps, oldest first.
    pub gaps: Vec<Gap>,
    /// Wagers missing in the open gaps.
    pub missing: u64,
    pub oldest_gap_age_ms: Option<i64>,
    /// Holes younger than the grace period (reordering in flight).
    pub pending_holes: usize,
    pub mismatches: Vec<Mismatch>,
    /// Some source had more holes than are kept: `missing` is an upper bound.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub approximate: bool,
    pub counters: Counters,
}

impl Report {
    /// Whether anything is missing.
    pub fn is_clean(&self) -> bool {
        self.gaps.is_empty() && self.mismatches.is_empty()
    }
}

pub(super) fn gap(source: &str, first: u64, hole: &Hole, now: i64) -> Gap {
    Gap {
        source: source.to_owned(),
        first,
        last: hole.last,
        missing: hole.last - first + 1,
        noticed_ms: hole.noticed_ms,
        age_ms: now.saturating_sub(hole.noticed_ms),
    }
}

pub(super) fn mismatch(claim: &Claim, arrived: Tally, now: i64) -> Mismatch {
    Mismatch {
        control: claim.control.clone(),
        arrived,
        since_ms: claim.mismatch_ms.unwrap_or(now),
    }
}

pub(super) fn build(mem: &SourcesMemory, grace: i64, end: bool) -> Report {
    let now = mem.clock_ms.unwrap_or(0);
    let mut r = Report {
        sources: mem.sequences.len().max(mem.counts.len()),
        counters: mem.counters.clone(),
        ..Report::default()
    };
    for (source, seq) in &mem.sequences {
        r.approximate |= seq.approximate;
        for (first, hole) in &seq.holes {
            if end || now.saturating_sub(hole.noticed_ms) >= grace {
                r.missing = r.missing.saturating_add(hole.last - first + 1);
                r.gaps.push(gap(source, *first, hole, now));
            } else {
                r.pending_holes += 1;
            }
        }
    }
    r.gaps
        .sort_by_key(|g| (g.noticed_ms, g.source.clone(), g.first));
    r.oldest_gap_age_ms = r.gaps.iter().map(|g| g.age_ms).max();
    for claim in &mem.claims {
        let c = &claim.control;
        if !end && now < c.to_ms.saturating_add(grace) {
            continue;
        }
        let arrived = c.arrived(&mem.counts);
        if !c.matches(&arrived) {
            r.mismatches.push(mismatch(claim, arrived, now));
        }
    }
    r
}
