//! Gap tracking: noticing wagers that never arrived.
//!
//! Two schemes, described for operators in the book's chapter "Lost events and
//! audits":
//!
//! - **Sequences.** A wager may carry `sourceId` and `sourceSeq`, its place in the
//!   source that recorded it. Per source the tracker keeps the span of numbers seen
//!   and the holes in it ([`holes`]). A hole is a *gap* once it has stayed open for the
//!   grace period on the tracking clock (the latest event time seen); duplicates and
//!   reordering within the grace period raise nothing, and a gap closes when its
//!   wagers arrive late.
//! - **Control records.** A source that cannot number its wagers publishes, per window
//!   of whole minutes, how many it produced and their stakes ([`control`]). Once the
//!   window's end is a grace period behind the clock the tracker compares it with
//!   what reached it; a mismatch is reported the same way, and closes if the missing
//!   wagers arrive.
//!
//! The state is plain data, part of the engine's snapshot, so a restart neither
//! forgets nor invents gaps.

pub mod control;
pub mod holes;
mod report;

use crate::ir::WagerEvent;
use control::{Claim, Control, Counts, KEEP_MS};
use holes::{Seen, Sequence};
pub use report::{Gap, Mismatch, Notice, Report};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Sources tracked per tournament; the wagers of further sources are counted as
/// untracked.
pub const MAX_SOURCES: usize = 10_000;

/// Control windows waiting or mismatched, kept at most.
pub const MAX_CLAIMS: usize = 10_000;

/// Holes kept over all sources; past it new holes are merged (see [`holes::MAX_HOLES`]).
pub const MAX_TOTAL_HOLES: usize = 100_000;

/// Counters of the tracking.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Counters {
    /// Wagers with a source and a sequence number.
    pub sequenced: u64,
    /// Wagers with a source but no usable sequence number (not a whole number).
    pub unsequenced: u64,
    /// Wagers of sources past [`MAX_SOURCES`].
    pub untracked: u64,
    /// Numbers carried by lines set aside as dead letters.
    pub set_aside: u64,
    /// Gaps (holes reported after the grace period) whose wagers arrived later.
    pub gaps_closed_late: u64,
    pub controls: u64,
    pub controls_matched: u64,
    /// Control records that cannot be used (see [`control::invalid`]).
    pub controls_invalid: u64,
    /// Mismatched control windows that later matched.
    pub mismatches_closed_late: u64,
}

/// Everything the tracker keeps, as the snapshot stores it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SourcesMemory {
    pub clock_ms: Option<i64>,
    #[serde(default)]
    pub sequences: BTreeMap<String, Sequence>,
    #[serde(default)]
    pub counts: BTreeMap<String, Counts>,
    #[serde(default)]
    pub claims: Vec<Claim>,
    #[serde(default)]
    pub counters: Counters,
    #[serde(default)]
    pub next_settle_ms: Option<i64>,
}

impl SourcesMemory {
    pub fn is_empty(&self) -> bool {
        *self == SourcesMemory::default()
    }
}

pub struct Sources {
    grace_ms: i64,
    mem: SourcesMemory,
    notices: Vec<Notice>,
    /// Holes over all sources.
    holes: usize,
}

impl Sources {
    pub fn new(grace_ms: i64) -> Sources {
        Sources::restore(grace_ms, SourcesMemory::default())
    }

    pub fn restore(grace_ms: i64, mem: SourcesMemory) -> Sources {
        let holes = mem.sequences.values().map(|s| s.holes.len()).sum();
        Sources {
            grace_ms: grace_ms.max(0),
            mem,
            notices: Vec::new(),
            holes,
        }
    }

    pub fn memory(&self) -> &SourcesMemory {
        &self.mem
    }

    pub fn grace_ms(&self) -> i64 {
        self.grace_ms
    }

    /// Notes one wager that reached the engine; `duplicate` when the engine had
    /// counted its id already (it then adds nothing to the control counts).
    pub fn observe(&mut self, ev: &WagerEvent, duplicate: bool) {
        let Some(source) = ev.source_id.as_deref() else {
            return;
        };
        let ms = ev.timestamp_ms.unwrap_or(0);
        let now = self.advance(ms);
        let tracked = self.mem.sequences.contains_key(source)
            || self.mem.counts.contains_key(source)
            || self.mem.sequences.len().max(self.mem.counts.len()) < MAX_SOURCES;
        if !tracked {
            self.mem.counters.untracked += 1;
            return;
        }
        match ev.source_seq.as_deref().map(sequence_number) {
            Some(Some(n)) => {
                self.mem.counters.sequenced += 1;
                self.see(source, n, now);
            }
            Some(None) => self.mem.counters.unsequenced += 1,
            None => {}
        }
        if !duplicate {
            let stake = ev.wager_amount.unwrap_or_default();
            let counts = self.mem.counts.entry(source.to_owned()).or_default();
            counts.add(ms, stake);
        }
        self.settle_if_due();
    }

    /// Marks the number a line set aside as a dead letter carried: it arrived (its
    /// dead letter says why it did not count), so it leaves no hole.
    pub fn set_aside(&mut self, source: &str, seq: &str) {
        let Some(n) = sequence_number(seq) else {
            return;
        };
        let tracked =
            self.mem.sequences.contains_key(source) || self.mem.sequences.len() < MAX_SOURCES;
        if !tracked {
            return;
        }
        let now = self.mem.clock_ms.unwrap_or(0);
        self.mem.counters.set_aside += 1;
        self.see(source, n, now);
    }

    /// Marks number `n` of `source` seen.
    fn see(&mut self, source: &str, n: u64, now: i64) {
        let room = self.holes < MAX_TOTAL_HOLES;
        let seq = self.mem.sequences.entry(source.to_owned()).or_default();
        let before = seq.holes.len();
        if seq.see(n, now, room) == (Seen::Filled { late: true }) {
            self.mem.counters.gaps_closed_late += 1;
        }
        self.holes = (self.holes + seq.holes.len()).saturating_sub(before);
    }

    /// Takes one control record; `Err` says why it cannot be used.
    pub fn control(&mut self, c: Control) -> Result<(), &'static str> {
        self.mem.counters.controls += 1;
        if let Some(why) = control::invalid(&c) {
            self.mem.counters.controls_invalid += 1;
            return Err(why);
        }
        if self.mem.claims.len() >= MAX_CLAIMS {
            // The oldest claim goes: reported when it mismatched, never silently.
            let old = self.mem.claims.remove(0);
            self.notices.push(Notice::ClaimDropped(old.control));
        }
        self.mem.claims.push(Claim {
            control: c,
            checked: false,
            mismatch_ms: None,
        });
        self.settle();
        Ok(())
    }

    /// Moves the tracking clock; the clock now.
    fn advance(&mut self, ms: i64) -> i64 {
        let now = self.mem.clock_ms.map_or(ms, |c| c.max(ms));
        self.mem.clock_ms = Some(now);
        now
    }

    fn settle_if_due(&mut self) {
        let now = self.mem.clock_ms.unwrap_or(0);
        if self.mem.next_settle_ms.is_none_or(|t| now >= t) {
            self.settle();
        }
    }

    /// Marks the holes that became gaps, checks the control windows that are due and
    /// forgets counts nothing needs; what became a gap or a mismatch is noticed.
    pub fn settle(&mut self) {
        let Some(now) = self.mem.clock_ms else {
            return;
        };
        let step = (self.grace_ms / 4).clamp(1_000, 60_000);
        self.mem.next_settle_ms = Some(now.saturating_add(step));
        let grace = self.grace_ms;
        for (source, seq) in &mut self.mem.sequences {
            for (first, hole) in seq.holes.iter_mut() {
                if !hole.reported && now.saturating_sub(hole.noticed_ms) >= grace {
                    hole.reported = true;
                    self.notices
                        .push(Notice::Gap(report::gap(source, *first, hole, now)));
                }
            }
        }
        self.check_claims(now);
        let needed = self.mem.claims.iter().map(|c| c.control.from_ms).min();
        let before = needed.map_or(now - KEEP_MS, |n| n.min(now - KEEP_MS));
        for counts in self.mem.counts.values_mut() {
            counts.forget(before);
        }
    }

    fn check_claims(&mut self, now: i64) {
        let grace = self.grace_ms;
        let counts = &self.mem.counts;
        let counters = &mut self.mem.counters;
        let notices = &mut self.notices;
        self.mem.claims.retain_mut(|claim| {
            let c = &claim.control;
            if now < c.to_ms.saturating_add(grace) {
                return true;
            }
            let seen = c.arrived(counts);
            if c.matches(&seen) {
                counters.controls_matched += 1;
                if claim.mismatch_ms.is_some() {
                    counters.mismatches_closed_late += 1;
                }
                return false;
            }
            if claim.mismatch_ms.is_none() {
                claim.mismatch_ms = Some(now);
                notices.push(Notice::Mismatch(report::mismatch(claim, seen, now)));
            }
            claim.checked = true;
            true
        });
    }

    /// What became a gap or a mismatch since the last call (for the logs).
    pub fn drain_notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.notices)
    }

    /// The gaps and mismatches open now; with `end` (the input is over) every hole and
    /// every control window counts, whatever its age.
    pub fn report(&self, end: bool) -> Report {
        report::build(&self.mem, self.grace_ms, end)
    }
}

/// A sequence number: a whole number written in decimal digits (as text or a JSON
/// number), at most `u64::MAX`.
pub fn sequence_number(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests;
