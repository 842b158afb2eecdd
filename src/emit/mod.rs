//! Emitter: the checked tournament model (IR) → ksqlDB statements and the
//! scoring-engine config.
//!
//! ```text
//! Tournament ──names──▶ stream, topics, Redis key      (names.rs)
//!            ──filter─▶ one boolean expression per rule (filter.rs, literal.rs)
//!            ──sql────▶ CREATE / DROP statements        (sql.rs, templates/ksql/)
//!            ──config─▶ ScoringConfig + JSON Schema     (config.rs)
//! ```
//!
//! No I/O happens here. Every identifier in a statement is validated ([`ident`]) and
//! every user value is an escaped literal ([`literal`]). Statements must be sent to
//! ksqlDB without session variables (see [`literal`]).

pub mod columns;
pub mod config;
pub mod error;
pub mod filter;
pub mod ident;
pub mod literal;
pub mod names;
pub mod preview;
pub mod sql;

pub use config::{json_schema, ScoringConfig};
pub use error::EmitError;
pub use ident::{Ident, IdentError};
pub use names::Names;

use crate::ir::Tournament;

/// Choices the deployer makes; the defaults create a new stream and keep the topic
/// on drop. The eligible topic always has one partition (see
/// [`names::ELIGIBLE_PARTITIONS`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmitOptions {
    /// Emit `CREATE OR REPLACE STREAM`, ksqlDB's in-place upgrade of a running query.
    pub or_replace: bool,
    /// Add `DELETE TOPIC` to the drop statement.
    pub delete_topic: bool,
}

/// Everything emitted for one tournament.
#[derive(Debug, Clone, PartialEq)]
pub struct Emitted {
    /// `CREATE STREAM IF NOT EXISTS WAGER_EVENTS ...;`, shared by all tournaments.
    pub source_stream: String,
    /// `CREATE [OR REPLACE] STREAM <stream> ... AS SELECT ... EMIT CHANGES;`
    pub statement: String,
    /// `DROP STREAM IF EXISTS <stream> [DELETE TOPIC];`
    pub drop: String,
    /// The scoring-engine config.
    pub config: ScoringConfig,
    /// The tournament's stream name.
    pub stream: String,
    /// The Kafka topic the stream writes.
    pub topic: String,
}

/// `CREATE STREAM IF NOT EXISTS WAGER_EVENTS ...;`: the shared, idempotent
/// declaration of the source stream (also part of every [`Emitted`]).
pub fn source_stream() -> Result<String, EmitError> {
    sql::source_stream(&Ident::new(names::SOURCE_STREAM)?, names::SOURCE_TOPIC)
}

/// Emits the statements and config of one tournament.
pub fn emit(t: &Tournament, opts: &EmitOptions) -> Result<Emitted, EmitError> {
    let names = Names::new(&t.operator, &t.id)?;
    let rules = t
        .eligibility
        .rules
        .iter()
        .map(|r| filter::rule(&r.pred))
        .collect::<Result<Vec<_>, _>>()?;
    let statement = sql::tournament_stream(&sql::StreamStatement {
        stream: &names.stream,
        source: &names.source_stream,
        topic: &names.eligible_topic,
        partitions: names::ELIGIBLE_PARTITIONS,
        or_replace: opts.or_replace,
        rules: &rules,
    })?;
    Ok(Emitted {
        source_stream: source_stream()?,
        statement,
        drop: sql::drop_stream(&names.stream, opts.delete_topic),
        config: ScoringConfig::new(t, &names),
        stream: names.stream.to_string(),
        topic: names.eligible_topic.clone(),
    })
}
