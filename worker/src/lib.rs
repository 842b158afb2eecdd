//! The `tourney` scoring worker: consumes a tournament's eligible wagers from Kafka,
//! scores them with the shared engine (the same code as `tourney dry-run`), publishes
//! position changes and dead letters to Kafka, keeps the live board in Redis, and
//! stores snapshots and the final result in PostgreSQL.
//!
//! ```text
//! Kafka ─▶ scorer (engine) ─┬─▶ leaderboard.updates.<op>.<id>   (position changes)
//!                           ├─▶ tourney.dead-letter.<op>         (unreadable records)
//!                           ├─▶ Redis tournament:<op>:<id>:leaderboard    (live board)
//!                           └─▶ PostgreSQL snapshots, final result (durable) and the
//!                               queryable leaderboard tables (see [`table`])
//! ```
//!
//! This crate is apart from `tourney` so that librdkafka stays out of the compiler's
//! build.

pub mod api;
pub mod board;
pub mod db;
pub mod dead_letter;
pub mod io;
pub mod kafka;
pub mod ledger;
pub mod member;
pub mod offsets;
pub mod outputs;
pub mod pool;
pub mod producers;
pub mod redis_link;
pub mod restore;
pub mod schedule;
pub mod scorer;
pub mod settings;
pub mod solo;
pub mod store;
pub mod table;
pub mod tools;

use thiserror::Error;

/// Why a worker stopped with an error. Every one of them leaves the stored state
/// consistent: a restart resumes from the last snapshot.
#[derive(Debug, Error)]
pub enum WorkerError {
    #[error("{0}")]
    Config(String),
    #[error("Kafka: {0}")]
    Kafka(String),
    #[error("Redis: {0}")]
    Redis(#[from] redis::RedisError),
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error("cannot resume from the stored snapshot: {0}")]
    Snapshot(String),
    #[error("{0} output records could not be delivered; stopping so that a restart produces them again from the last snapshot")]
    OutputLost(u64),
}

impl From<rdkafka::error::KafkaError> for WorkerError {
    fn from(e: rdkafka::error::KafkaError) -> Self {
        WorkerError::Kafka(e.to_string())
    }
}
