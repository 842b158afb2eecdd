//! What a worker is told at start.

use std::time::Duration;
use tourney::emit::names::{Names, SOURCE_TOPIC};
use tourney::engine::EngineOptions;

/// Where the worker reads wagers from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `tournament.eligible.<operator>.<id>`, written by the deployed ksqlDB query.
    Eligible,
    /// `wager.events` itself, applying the tournament's filter in the worker (for
    /// deployments without ksqlDB).
    Raw,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub brokers: String,
    pub redis: Option<String>,
    pub postgres: String,
    pub source: Source,
    /// Overrides the input topic (tests, migrations).
    pub topic: Option<String>,
    pub snapshot_every: Duration,
    /// Interval between writes of the durable leaderboard (`None`: not kept).
    pub standings_every: Option<Duration>,
    pub batch_max: usize,
    pub allowed_lateness_ms: i64,
    /// How long a hole in a source's sequence may stay open before it is a gap.
    pub gap_grace_ms: i64,
    pub topic_wait: Duration,
    pub drain_timeout: Duration,
    /// The name leases are taken under (see [`crate::io::default_holder`]).
    pub holder: String,
    /// Where this process's read API answers other replicas (`--advertise`).
    pub advertise: Option<String>,
}

impl Settings {
    pub fn engine_options(&self) -> EngineOptions {
        EngineOptions {
            allowed_lateness_ms: self.allowed_lateness_ms,
            gap_grace_ms: self.gap_grace_ms,
            ..EngineOptions::default()
        }
    }

    pub fn input_topic(&self, names: &Names) -> String {
        if let Some(t) = &self.topic {
            return t.clone();
        }
        match self.source {
            Source::Eligible => names.eligible_topic.clone(),
            Source::Raw => SOURCE_TOPIC.to_string(),
        }
    }
}
