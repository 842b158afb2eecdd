//! The audit record of a result, and checking a result against an export of the
//! wagers (`tourney verify`). The record holds the rules it was computed with (so it
//! can be checked without anything else), their fingerprint, the engine version,
//! the counters, the digest of the counted wagers, the gaps still open at the end and
//! the board.

pub mod digest;
pub mod reconcile;
pub mod verify;

use crate::engine::sources::Report as SourcesReport;
use crate::engine::{Engine, EngineOptions, Standing, Stats};
use crate::ir::Tournament;
use digest::Digest;
use serde::{Deserialize, Serialize};

/// The audit record format this build writes and reads.
pub const FORMAT: u32 = 1;

/// The version of the engine that computed a result.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditRecord {
    pub format: u32,
    pub operator: String,
    pub tournament: String,
    pub rules_fingerprint: String,
    pub engine_version: String,
    /// The engine's tunables the result was computed with.
    pub options: Options,
    pub stats: Stats,
    pub counted: Digest,
    /// Gaps and control mismatches open when the result was taken.
    #[serde(default)]
    pub open_gaps: u64,
    #[serde(default)]
    pub open_mismatches: u64,
    pub board: Vec<Standing>,
    pub rules: Tournament,
}

/// [`crate::engine::EngineOptions`] as the record keeps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Options {
    pub allowed_lateness_ms: i64,
    pub dedup_bucket_ms: i64,
    pub gap_grace_ms: i64,
}

impl From<EngineOptions> for Options {
    fn from(o: EngineOptions) -> Options {
        Options {
            allowed_lateness_ms: o.allowed_lateness_ms,
            dedup_bucket_ms: o.dedup_bucket_ms,
            gap_grace_ms: o.gap_grace_ms,
        }
    }
}

impl From<Options> for EngineOptions {
    fn from(o: Options) -> EngineOptions {
        EngineOptions {
            allowed_lateness_ms: o.allowed_lateness_ms,
            dedup_bucket_ms: o.dedup_bucket_ms,
            gap_grace_ms: o.gap_grace_ms,
        }
    }
}

impl AuditRecord {
    /// The record of `engine`'s result, with the digest of what it counted.
    pub fn of(engine: &Engine, counted: Digest) -> AuditRecord {
        let t = engine.tournament();
        let sources: SourcesReport = engine.sources().report(true);
        AuditRecord {
            format: FORMAT,
            operator: t.operator.clone(),
            tournament: t.id.clone(),
            rules_fingerprint: crate::engine::snapshot::fingerprint(t),
            engine_version: ENGINE_VERSION.to_owned(),
            options: engine.options().into(),
            stats: engine.stats().clone(),
            counted,
            open_gaps: sources.gaps.len() as u64,
            open_mismatches: sources.mismatches.len() as u64,
            board: engine.result(),
            rules: t.clone(),
        }
    }
}
