//! The scoring engine: one implementation of the scoring semantics, shared by the
//! dry-run and the Kafka workers, so a dry-run shows what production computes.
//!
//! ```text
//! event ─▶ late? ─▶ duplicate? ─▶ eligible? ─▶ points ─▶ caps ─▶ aggregate ─▶ rank ─▶ position changes
//! ```

pub mod caps;
pub mod changes;
pub mod dedup;
pub mod display;
pub mod eval;
pub mod fixed;
pub mod ingest;
pub mod memory;
pub mod names;
pub mod points;
pub mod prizes;
pub mod rank_tree;
pub mod route;
pub mod snapshot;
pub mod sources;
pub mod standings;

use crate::ir::{Tournament, Update, WagerEvent};
use caps::Caps;
use changes::{PositionChange, Publisher};
use dedup::Dedup;
pub use fixed::Points;
use names::Names;
use points::Unscorable;
use serde::{Deserialize, Serialize};
pub use snapshot::{EngineSnapshot, RestoreError};
use sources::control::Control;
use sources::Sources;
use standings::{Scored, Standings};

/// Tunables of the engine; the defaults are documented in the book.
#[derive(Debug, Clone, Copy)]
pub struct EngineOptions {
    /// How far behind the latest counted event time an event may arrive and still count.
    pub allowed_lateness_ms: i64,
    /// Granularity of deduplication memory.
    pub dedup_bucket_ms: i64,
    /// How long a hole in a source's sequence (or a control window that does not
    /// match) may stay open, on the tracking clock, before it is reported as a gap.
    pub gap_grace_ms: i64,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            allowed_lateness_ms: 5 * 60_000,
            dedup_bucket_ms: 60_000,
            gap_grace_ms: 60_000,
        }
    }
}

/// What became of one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Counted {
        points: Points,
    },
    Duplicate,
    /// Older than the watermark minus the allowed lateness.
    Late,
    /// Rejected by the rule at this index of `Tournament::eligibility.rules`.
    Ineligible {
        rule: usize,
    },
    Unscorable(Unscorable),
}

/// Counters for the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub events: u64,
    pub counted: u64,
    pub duplicates: u64,
    pub late: u64,
    pub unscorable: u64,
    /// Ineligible events by the index of the first rule that rejected them.
    pub ineligible_by_rule: Vec<u64>,
    pub position_changes: u64,
    /// Records of this tournament's input that were not wagers (dead letters): the
    /// engine never sees them, its writer counts them here so that they are part of
    /// the snapshot.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub malformed: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

pub struct Engine {
    tournament: Tournament,
    opts: EngineOptions,
    standings: Standings,
    names: Names,
    dedup: Dedup,
    watermark: Option<i64>,
    publisher: Publisher,
    published: Vec<u32>,
    next_tick: Option<i64>,
    sources: Sources,
    pub stats: Stats,
}

impl Engine {
    pub fn new(t: &Tournament, opts: EngineOptions) -> Self {
        let s = &t.schedule;
        let caps = Caps::new(&t.scoring.caps, s.start_ms);
        let standings = Standings::new(t.leaderboard.ties.clone(), t.scoring.aggregate, caps);
        let next_tick = match t.leaderboard.update {
            Update::Every { interval_ms } => Some(s.start_ms.saturating_add(interval_ms as i64)),
            Update::Realtime => None,
        };
        Engine {
            publisher: Publisher {
                tournament: t.id.clone(),
                operator: t.operator.clone(),
                seq: 0,
            },
            tournament: t.clone(),
            opts,
            standings,
            names: Names::new(t.leaderboard.display),
            dedup: Dedup::new(opts.dedup_bucket_ms),
            watermark: None,
            published: Vec::new(),
            next_tick,
            sources: Sources::new(opts.gap_grace_ms),
            stats: Stats {
                ineligible_by_rule: vec![0; t.eligibility.rules.len()],
                ..Stats::default()
            },
        }
    }

    pub fn tournament(&self) -> &Tournament {
        &self.tournament
    }

    pub fn standings(&self) -> &Standings {
        &self.standings
    }

    pub fn options(&self) -> EngineOptions {
        self.opts
    }

    /// The latest event time of a counted wager; events older than this minus the
    /// allowed lateness are late.
    pub fn watermark(&self) -> Option<i64> {
        self.watermark
    }

    /// The latest display name of player `idx` (an index of the standings); only
    /// kept under `display name`.
    pub fn display_name(&self, idx: u32) -> Option<&str> {
        self.names.get(idx)
    }

    /// How player `idx` is shown to other players under the tournament's `display`
    /// rule ([`display::shown_player`]).
    pub fn shown(&self, idx: u32) -> Option<String> {
        let p = self.standings.player(idx)?;
        Some(display::shown_player(
            &self.tournament.leaderboard.display,
            &p.id,
            self.names.get(idx),
        ))
    }

    /// Takes a control record of a source (see [`sources`]); `Err` says why it cannot
    /// be used.
    pub fn control(&mut self, c: Control) -> Result<(), &'static str> {
        self.sources.control(c)
    }

    /// The gap tracking: what is open now, new gaps and mismatches for the logs.
    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    pub fn sources_mut(&mut self) -> &mut Sources {
        &mut self.sources
    }

    /// The counters so far (also the public field `stats`).
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// When the next interval board is due (`None` for a real-time board).
    pub fn next_tick(&self) -> Option<i64> {
        self.next_tick
    }

    /// Processes one well-formed event; position changes are appended to `out`.
    pub fn process(&mut self, ev: &WagerEvent, out: &mut Vec<PositionChange>) -> Outcome {
        self.stats.events += 1;
        let outcome = self.classify(ev, out);
        self.sources
            .observe(ev, matches!(outcome, Outcome::Duplicate));
        match &outcome {
            Outcome::Counted { .. } => self.stats.counted += 1,
            Outcome::Duplicate => self.stats.duplicates += 1,
            Outcome::Late => self.stats.late += 1,
            Outcome::Unscorable(_) => self.stats.unscorable += 1,
            Outcome::Ineligible { rule } => {
                if let Some(c) = self.stats.ineligible_by_rule.get_mut(*rule) {
                    *c += 1;
                }
            }
        }
        outcome
    }

    fn classify(&mut self, ev: &WagerEvent, out: &mut Vec<PositionChange>) -> Outcome {
        let ms = ev.timestamp_ms.unwrap_or(i64::MIN);
        if self
            .watermark
            .is_some_and(|w| ms < w.saturating_sub(self.opts.allowed_lateness_ms))
        {
            return Outcome::Late;
        }
        if self
            .dedup
            .is_duplicate(ev.wager_id.as_deref().unwrap_or(""), ms)
        {
            return Outcome::Duplicate;
        }
        if let Some(rule) = eval::first_failing(&self.tournament.eligibility, ev) {
            return Outcome::Ineligible { rule };
        }
        let raw = match points::points(&self.tournament.scoring, ev) {
            Ok(p) => p,
            Err(e) => return Outcome::Unscorable(e),
        };
        self.advance(ms, out);
        let realtime = self.next_tick.is_none();
        let scored = Scored {
            player: ev.player_id.as_deref().unwrap_or(""),
            raw,
            ms,
            segment: ev.player_segment.as_deref(),
            jurisdiction: ev.jurisdiction.as_deref(),
        };
        let mv = self.standings.apply(&scored, realtime);
        self.names.record(mv.player, ev.player_name.as_deref());
        if realtime {
            let before = out.len();
            self.publisher.for_move(
                &self.standings,
                mv,
                self.tournament.leaderboard.size as usize,
                ms,
                out,
            );
            self.stats.position_changes += (out.len() - before) as u64;
        }
        Outcome::Counted { points: raw }
    }

    /// Moves the watermark and the interval clock up to `ms`.
    fn advance(&mut self, ms: i64, out: &mut Vec<PositionChange>) {
        if self.watermark.is_none_or(|w| ms > w) {
            self.watermark = Some(ms);
            let lateness = self.opts.allowed_lateness_ms;
            self.dedup.expire(ms.saturating_sub(lateness), lateness);
        }
        self.tick(ms, out);
    }

    /// Publishes interval boards whose time has come, up to `now_ms`.
    pub fn tick(&mut self, now_ms: i64, out: &mut Vec<PositionChange>) {
        let Update::Every { interval_ms } = self.tournament.leaderboard.update else {
            return;
        };
        while let Some(t) = self.next_tick.filter(|t| *t <= now_ms) {
            let before = out.len();
            self.publisher.for_tick(
                &self.standings,
                &mut self.published,
                self.tournament.leaderboard.size as usize,
                t,
                out,
            );
            self.stats.position_changes += (out.len() - before) as u64;
            self.next_tick = Some(t.saturating_add(interval_ms.max(1) as i64));
        }
    }

    /// Publishes the last interval board (at the end of a replay).
    pub fn flush(&mut self, out: &mut Vec<PositionChange>) {
        if let Some(t) = self.next_tick {
            self.tick(t, out);
        }
    }

    /// The ranked players with their prizes.
    pub fn result(&self) -> Vec<Standing> {
        let ranked = self.standings.len();
        self.standings
            .indices_from(1)
            .filter_map(|(place, idx)| Some((place, idx, self.standings.player(idx)?)))
            .map(|(place, idx, p)| Standing {
                place,
                player_id: p.id.clone(),
                name: self.names.get(idx).map(str::to_owned),
                score: p.score,
                wagers: p.wagers,
                prize: prizes::prize_for(&self.tournament.leaderboard.prizes, place, ranked)
                    .cloned(),
            })
            .collect()
    }
}

/// One line of the final board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    pub place: usize,
    pub player_id: String,
    /// The player's display name, under `display name` when one was carried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub score: Points,
    pub wagers: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prize: Option<crate::ir::Prize>,
}
