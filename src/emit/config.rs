//! The scoring-engine config: the contract between the compiler and the workers.
//!
//! It carries everything a worker needs to run one tournament — where to read and
//! write, the eligibility rules (so a worker can filter `wager.events` itself when
//! no ksqlDB is deployed), scoring and leaderboard — and nothing it does not.
//! Field order is fixed by the structs below; decimals are JSON strings. Bump
//! [`SCHEMA_VERSION`] on any change a worker of the previous version would misread.

use super::columns::SOURCE_COLUMNS;
use super::names::{Names, SOURCE_TOPIC};
use crate::ir::{Eligibility, LeaderboardSpec, Schedule, Scoring, Tournament};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the config format.
pub const SCHEMA_VERSION: u32 = 1;

/// How long the Redis board outlives the end of the tournament, in seconds.
pub const TTL_AFTER_END_S: u64 = 86_400;

/// Everything a scoring worker needs to run one tournament.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ScoringConfig {
    /// Version of this format ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// Identity of the tournament.
    pub tournament: TournamentInfo,
    /// Kafka topics read and written.
    pub topics: Topics,
    /// The ksqlDB objects that feed the eligible topic.
    pub ksql: KsqlInfo,
    /// When wagers count.
    pub schedule: Schedule,
    /// Which wagers count; every rule must hold.
    pub eligibility: Eligibility,
    /// How counted wagers become points and scores.
    pub scoring: Scoring,
    /// Publication, tie-breaks and prizes.
    pub leaderboard: LeaderboardSpec,
    /// The live board in Redis.
    pub redis: RedisInfo,
}

/// Who and what the tournament is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TournamentInfo {
    /// Tournament id, unique within the operator.
    pub id: String,
    /// Title shown to players.
    pub title: String,
    /// Operator (tenant) id.
    pub operator: String,
    /// Free text for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Free key-value pairs for the operator's own tools.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
    /// The template the tournament started from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
}

/// Kafka topics the worker reads and writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Topics {
    /// Every wager (`wager.events`); read when no ksqlDB stream is deployed.
    pub source: String,
    /// The wagers that passed the eligibility filter in ksqlDB.
    pub eligible: String,
    /// Position changes published by the worker.
    pub updates: String,
    /// Events the worker could not use, with the reason.
    pub dead_letter: String,
}

/// The ksqlDB objects behind the eligible topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct KsqlInfo {
    /// The tournament's stream, which writes the eligible topic.
    pub stream: String,
    /// The shared stream over the source topic.
    pub source_stream: String,
    /// Records on the eligible topic use the column names as JSON keys; this maps
    /// them back to the keys of the wager event.
    pub columns: Vec<EventColumn>,
}

/// One column of the eligible records and the wager-event key it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EventColumn {
    /// Key in records of the eligible topic (`WAGERAMOUNT`).
    pub column: String,
    /// Key in the wager event (`wagerAmount`).
    pub event_key: String,
}

/// Where the live board lives in Redis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RedisInfo {
    /// Sorted set of the live board.
    pub leaderboard_key: String,
    /// Seconds the key is kept after the tournament ends.
    pub ttl_after_end_s: u64,
}

impl ScoringConfig {
    /// The config of `t`, with the names already derived for it.
    pub fn new(t: &Tournament, names: &Names) -> ScoringConfig {
        ScoringConfig {
            schema_version: SCHEMA_VERSION,
            tournament: TournamentInfo {
                id: t.id.clone(),
                title: t.title.clone(),
                operator: t.operator.clone(),
                description: t.description.clone(),
                metadata: t.metadata.clone(),
                template: t.template.clone(),
            },
            topics: Topics {
                source: SOURCE_TOPIC.to_owned(),
                eligible: names.eligible_topic.clone(),
                updates: names.updates_topic.clone(),
                dead_letter: names.dead_letter_topic.clone(),
            },
            ksql: KsqlInfo {
                stream: names.stream.to_string(),
                source_stream: names.source_stream.to_string(),
                columns: SOURCE_COLUMNS
                    .iter()
                    .map(|c| EventColumn {
                        column: c.name.to_owned(),
                        event_key: c.field.json_key().to_owned(),
                    })
                    .collect(),
            },
            schedule: t.schedule.clone(),
            eligibility: t.eligibility.clone(),
            scoring: t.scoring.clone(),
            leaderboard: t.leaderboard.clone(),
            redis: RedisInfo {
                leaderboard_key: names.leaderboard_key.clone(),
                ttl_after_end_s: TTL_AFTER_END_S,
            },
        }
    }
}

/// JSON Schema (draft 2020-12) of the config as serialized.
pub fn json_schema() -> serde_json::Value {
    schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<ScoringConfig>()
        .to_value()
}
