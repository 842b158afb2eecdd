//! Snapshots of the engine's state, so a worker can stop and carry on exactly where it
//! was: the same later results, the same position changes with the same ids.
//!
//! A snapshot is plain data (JSON through serde), versioned by `format_version`, and
//! names the tournament it belongs to with a fingerprint of the rules that shape the
//! state (window, eligibility, scoring, leaderboard). Restoring it into another
//! tournament, or into the same id after its rules changed, is refused.

use super::changes::Publisher;
use super::dedup::{id_hash, Dedup, DedupMemory};
use super::sources::{Sources, SourcesMemory};
use super::standings::Player;
use super::{Engine, EngineOptions, Stats};
use crate::ir::{Eligibility, Pred, PrizeTier, Scoring, TieBreak, Tournament, Update};
use serde::{Deserialize, Serialize};

/// The snapshot format this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// Everything the engine needs to continue exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngineSnapshot {
    pub format_version: u32,
    pub tournament_id: String,
    pub operator_id: String,
    /// [`fingerprint`] of the tournament's rules, 32 hex digits.
    pub rules_fingerprint: String,
    /// Every player, in the order they were first counted (the last tie-break).
    pub players: Vec<Player>,
    /// Display names by player index, kept only under `display name`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<Option<String>>,
    pub dedup: DedupMemory,
    pub watermark: Option<i64>,
    pub next_tick: Option<i64>,
    /// Player indices of the last published interval board, in place order.
    pub published: Vec<u32>,
    /// Position changes published so far; their ids derive from it.
    pub publisher_seq: u64,
    pub stats: Stats,
    /// The gap tracking (absent in snapshots taken before it existed, or with no
    /// tracked source).
    #[serde(default, skip_serializing_if = "SourcesMemory::is_empty")]
    pub sources: SourcesMemory,
}

/// Why a snapshot cannot be restored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RestoreError {
    #[error("the snapshot has format version {found}; this build reads version {expected}")]
    Version { found: u32, expected: u32 },
    #[error(
        "the snapshot belongs to tournament `{snapshot}`, not `{tournament}` (operator and id differ)"
    )]
    OtherTournament {
        snapshot: String,
        tournament: String,
    },
    #[error("the rules of tournament `{tournament}` changed since the snapshot was taken (fingerprint {snapshot}, now {now})")]
    RulesChanged {
        tournament: String,
        snapshot: String,
        now: String,
    },
    #[error("the snapshot is inconsistent: {0}")]
    Inconsistent(String),
}

/// The parts of a tournament that shape the engine's state, without source spans.
#[derive(Serialize)]
struct Rules<'a> {
    start_ms: i64,
    end_ms: i64,
    end_inclusive: bool,
    eligibility: Vec<&'a Pred>,
    scoring: &'a Scoring,
    leaderboard: BoardRules<'a>,
}

/// The leaderboard parts that shape the ranking. Who may read the board and how
/// players are shown do not: changing them keeps the snapshot (a snapshot restored
/// into `display name` lacks the names until each player's next event). The field
/// order and skipping match the leaderboard's own serialization, so fingerprints
/// taken before those two settings existed stay valid.
#[derive(Serialize)]
struct BoardRules<'a> {
    update: &'a Update,
    ties: &'a [TieBreak],
    size: u32,
    #[serde(skip_serializing_if = "<[PrizeTier]>::is_empty")]
    prizes: &'a [PrizeTier],
}

/// A stable hash (128-bit FNV-1a of the JSON) of the window, the eligibility
/// predicates, the scoring and the leaderboard: titles, descriptions, tests and where
/// the rules were written do not count.
pub fn fingerprint(t: &Tournament) -> String {
    format!("{:032x}", fingerprint_bits(t))
}

/// The 128 bits [`fingerprint`] writes in hex, for those that keep many of them.
pub fn fingerprint_bits(t: &Tournament) -> u128 {
    let Eligibility { rules } = &t.eligibility;
    let r = Rules {
        start_ms: t.schedule.start_ms,
        end_ms: t.schedule.end_ms,
        end_inclusive: t.schedule.end_inclusive,
        eligibility: rules.iter().map(|r| &r.pred).collect(),
        scoring: &t.scoring,
        leaderboard: BoardRules {
            update: &t.leaderboard.update,
            ties: &t.leaderboard.ties,
            size: t.leaderboard.size,
            prizes: &t.leaderboard.prizes,
        },
    };
    let json = serde_json::to_string(&r).unwrap_or_default();
    id_hash(&json)
}

fn label(operator: &str, id: &str) -> String {
    format!("{operator}/{id}")
}

impl Engine {
    /// The engine's state as plain data.
    pub fn snapshot(&self) -> EngineSnapshot {
        EngineSnapshot {
            format_version: FORMAT_VERSION,
            tournament_id: self.tournament.id.clone(),
            operator_id: self.tournament.operator.clone(),
            rules_fingerprint: fingerprint(&self.tournament),
            players: self.standings.players().to_vec(),
            names: self.names.to_vec(),
            dedup: self.dedup.memory(),
            watermark: self.watermark,
            next_tick: self.next_tick,
            published: self.published.clone(),
            publisher_seq: self.publisher.seq,
            stats: self.stats.clone(),
            sources: self.sources.memory().clone(),
        }
    }

    /// An engine for `t` that continues from `snap`; the rank tree is rebuilt from the
    /// players.
    pub fn restore(
        t: &Tournament,
        opts: EngineOptions,
        snap: EngineSnapshot,
    ) -> Result<Engine, RestoreError> {
        check_identity(t, &snap)?;
        let bad = |what: String| RestoreError::Inconsistent(what);
        if snap.stats.ineligible_by_rule.len() != t.eligibility.rules.len() {
            return Err(bad("ineligible counts do not match the rules".into()));
        }
        if let Some(i) = snap
            .published
            .iter()
            .find(|i| **i as usize >= snap.players.len())
        {
            return Err(bad(format!("published player {i} does not exist")));
        }
        let dedup = Dedup::from_memory(&snap.dedup)
            .ok_or_else(|| bad("a remembered wager id is not 32 hex digits".into()))?;
        let mut engine = Engine::new(t, opts);
        engine
            .names
            .restore(snap.names, snap.players.len())
            .map_err(bad)?;
        engine
            .standings
            .restore(snap.players)
            .map_err(|id| bad(format!("player `{id}` is listed twice or has no wager")))?;
        engine.dedup = dedup;
        engine.watermark = snap.watermark;
        engine.next_tick = snap.next_tick;
        engine.published = snap.published;
        engine.publisher = Publisher {
            tournament: t.id.clone(),
            operator: t.operator.clone(),
            seq: snap.publisher_seq,
        };
        engine.stats = snap.stats;
        engine.sources = Sources::restore(opts.gap_grace_ms, snap.sources);
        Ok(engine)
    }
}

fn check_identity(t: &Tournament, snap: &EngineSnapshot) -> Result<(), RestoreError> {
    if snap.format_version != FORMAT_VERSION {
        return Err(RestoreError::Version {
            found: snap.format_version,
            expected: FORMAT_VERSION,
        });
    }
    if snap.tournament_id != t.id || snap.operator_id != t.operator {
        return Err(RestoreError::OtherTournament {
            snapshot: label(&snap.operator_id, &snap.tournament_id),
            tournament: label(&t.operator, &t.id),
        });
    }
    let now = fingerprint(t);
    if snap.rules_fingerprint != now {
        return Err(RestoreError::RulesChanged {
            tournament: label(&t.operator, &t.id),
            snapshot: snap.rules_fingerprint.clone(),
            now,
        });
    }
    Ok(())
}
