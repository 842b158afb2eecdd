//! What happened to a live tournament over time, kept in memory by the writer that
//! scores it (the embedded run or the Kafka worker) and read by the analytics routes.
//!
//! After each batch the writer calls [`History::record`]: the engine's counters since
//! the previous call are added to the bucket of the event clock (one per minute of
//! event time to start with), with the players ranked at that moment, and the top of
//! the board is kept when it changed ([`top`]). Nothing is done per event, so the hot
//! path pays nothing; a batch pays a few comparisons.
//!
//! Memory is bounded whatever the duration: past [`MAX_BUCKETS`] buckets, neighbours
//! are merged two by two and the width doubles (one per two minutes, then four...),
//! and the top of the board is kept once per bucket at most.
//!
//! - [`top`]: the top of the board at past moments.
//! - [`board`]: the score distribution, who is in the money and the prize budget,
//!   computed from the board when asked.

pub mod board;
pub mod top;

use crate::engine::{Engine, Stats};
pub use top::{TopEntry, TopHistory, TopMark};

/// Width of a bucket until the first merge: one minute of event time.
pub const BUCKET_MS: i64 = 60_000;
/// Most buckets kept: a day at one per minute; past it, neighbours are merged.
pub const MAX_BUCKETS: usize = 1440;

/// Events of one interval of event time, by what became of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bucket {
    /// Start of the interval (epoch ms).
    pub start_ms: i64,
    pub counted: u64,
    pub duplicates: u64,
    pub late: u64,
    pub unscorable: u64,
    pub malformed: u64,
    /// Ineligible events by the index of the first rule that rejected them.
    pub ineligible: Vec<u64>,
    /// Players ranked at the end of the interval.
    pub players: u64,
}

impl Bucket {
    fn add(&mut self, o: &Bucket) {
        self.counted += o.counted;
        self.duplicates += o.duplicates;
        self.late += o.late;
        self.unscorable += o.unscorable;
        self.malformed += o.malformed;
        if self.ineligible.len() < o.ineligible.len() {
            self.ineligible.resize(o.ineligible.len(), 0);
        }
        for (a, b) in self.ineligible.iter_mut().zip(&o.ineligible) {
            *a += b;
        }
        self.players = o.players;
    }

    /// Events of any kind in the interval.
    pub fn events(&self) -> u64 {
        self.counted
            + self.duplicates
            + self.late
            + self.unscorable
            + self.malformed
            + self.ineligible.iter().sum::<u64>()
    }
}

/// One tournament's buckets and top-of-board marks.
#[derive(Debug, Clone)]
pub struct History {
    width_ms: i64,
    buckets: Vec<Bucket>,
    /// The engine's counters at the previous record.
    seen: Stats,
    top: TopHistory,
}

impl History {
    /// Starts after what `engine` already counted (a restored snapshot's events belong
    /// to no bucket of this history); keeps the top `top_kept` places.
    pub fn new(engine: &Engine, top_kept: usize) -> Self {
        History {
            width_ms: BUCKET_MS,
            buckets: Vec::new(),
            seen: engine.stats().clone(),
            top: TopHistory::new(top_kept),
        }
    }

    /// Width of a bucket now (doubles at each merge).
    pub fn width_ms(&self) -> i64 {
        self.width_ms
    }

    /// The buckets, oldest first; an interval without events has none.
    pub fn buckets(&self) -> &[Bucket] {
        &self.buckets
    }

    pub fn top(&self) -> &TopHistory {
        &self.top
    }

    /// Adds what `engine` counted since the previous call to the bucket of `clock_ms`
    /// (the latest event time seen) and keeps the top of the board if it changed.
    /// Without a clock yet, the counts wait for the next call that has one.
    pub fn record(&mut self, engine: &Engine, clock_ms: Option<i64>) {
        let Some(clock) = clock_ms else { return };
        let delta = self.delta(engine.stats());
        let players = engine.standings().len() as u64;
        let start = clock
            .div_euclid(self.width_ms)
            .saturating_mul(self.width_ms);
        match self.buckets.last_mut() {
            Some(last) if last.start_ms >= start => last.add(&delta),
            _ => self.buckets.push(Bucket {
                start_ms: start,
                ..delta
            }),
        }
        if let Some(last) = self.buckets.last_mut() {
            last.players = players;
        }
        remember(&mut self.seen, engine.stats());
        self.top.record(engine.standings(), clock, self.width_ms);
        if self.buckets.len() > MAX_BUCKETS {
            self.merge();
        }
    }

    fn delta(&self, now: &Stats) -> Bucket {
        let s = &self.seen;
        let ineligible = now
            .ineligible_by_rule
            .iter()
            .enumerate()
            .map(|(i, n)| n.saturating_sub(s.ineligible_by_rule.get(i).copied().unwrap_or(0)))
            .collect();
        Bucket {
            start_ms: 0,
            counted: now.counted.saturating_sub(s.counted),
            duplicates: now.duplicates.saturating_sub(s.duplicates),
            late: now.late.saturating_sub(s.late),
            unscorable: now.unscorable.saturating_sub(s.unscorable),
            malformed: now.malformed.saturating_sub(s.malformed),
            ineligible,
            players: 0,
        }
    }

    /// Doubles the width: neighbours merge two by two, the top is kept once per bucket.
    fn merge(&mut self) {
        self.width_ms = self.width_ms.saturating_mul(2);
        let w = self.width_ms;
        let mut merged: Vec<Bucket> = Vec::with_capacity(self.buckets.len() / 2 + 1);
        for b in self.buckets.drain(..) {
            let start = b.start_ms.div_euclid(w).saturating_mul(w);
            match merged.last_mut() {
                Some(last) if last.start_ms == start => last.add(&b),
                _ => merged.push(Bucket {
                    start_ms: start,
                    ..b
                }),
            }
        }
        self.buckets = merged;
        self.top.thin(w);
    }

    /// Heap and inline bytes held, roughly (what the benchmarks report).
    pub fn bytes(&self) -> usize {
        let bucket = std::mem::size_of::<Bucket>();
        let buckets: usize = self
            .buckets
            .iter()
            .map(|b| bucket + b.ineligible.capacity() * 8)
            .sum();
        std::mem::size_of::<Self>() + buckets + self.top.bytes()
    }
}

/// Copies the counters the history reads, reusing the allocation.
fn remember(seen: &mut Stats, now: &Stats) {
    seen.counted = now.counted;
    seen.duplicates = now.duplicates;
    seen.late = now.late;
    seen.unscorable = now.unscorable;
    seen.malformed = now.malformed;
    seen.ineligible_by_rule.clone_from(&now.ineligible_by_rule);
}
