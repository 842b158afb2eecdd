//! `tourney-worker send | ledger | result`: the audit tools that need the workers'
//! Kafka client or their PostgreSQL (`tourney reconcile --apply` runs `send`).
//!
//! - `send FILE --brokers B --topic T --postgres URL --tournament OP/ID` produces the
//!   NDJSON lines of FILE to T, refusing once the tournament is finalized.
//! - `ledger --postgres URL OP/ID` prints the wagers the tournament counted, in the
//!   order it counted them.
//! - `result --postgres URL OP/ID` prints the final result's audit record.

use crate::db::Db;
use crate::kafka::{self, Deliveries};
use crate::ledger;
use crate::WorkerError;
use rdkafka::producer::BaseRecord;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

/// The tools' names: a first argument equal to one of them selects [`Tool`].
pub const NAMES: [&str; 3] = ["send", "ledger", "result"];

#[derive(Debug, clap::Parser)]
#[command(name = "tourney-worker", version)]
pub struct ToolArgs {
    #[command(subcommand)]
    pub tool: Tool,
}

#[derive(Debug, clap::Subcommand)]
pub enum Tool {
    /// Produce the wagers of an NDJSON file to a tournament's input (refused once the
    /// tournament is finalized).
    Send {
        file: PathBuf,
        #[arg(long, env = "TOURNEY_KAFKA", default_value = "127.0.0.1:9092")]
        brokers: String,
        #[arg(long)]
        topic: String,
        #[arg(long, env = "TOURNEY_POSTGRES")]
        postgres: String,
        /// `OPERATOR/ID`.
        #[arg(long)]
        tournament: String,
    },
    /// Print the wagers a tournament counted (NDJSON, in counting order).
    Ledger {
        /// `OPERATOR/ID`.
        tournament: String,
        #[arg(long, env = "TOURNEY_POSTGRES")]
        postgres: String,
    },
    /// Print the audit record of a tournament's final result.
    Result {
        /// `OPERATOR/ID`.
        tournament: String,
        #[arg(long, env = "TOURNEY_POSTGRES")]
        postgres: String,
    },
}

fn split(key: &str) -> Result<(&str, &str), WorkerError> {
    key.split_once('/')
        .ok_or_else(|| WorkerError::Config(format!("`{key}` is not OPERATOR/ID")))
}

/// Runs a tool; `Ok(false)` when it refused (exit 1).
pub fn run(tool: &Tool) -> Result<bool, WorkerError> {
    match tool {
        Tool::Send {
            file,
            brokers,
            topic,
            postgres,
            tournament,
        } => send(file, brokers, topic, postgres, tournament),
        Tool::Ledger {
            tournament,
            postgres,
        } => {
            let (op, id) = split(tournament)?;
            let db = Db::connect(postgres)?;
            let mut out = std::io::stdout().lock();
            ledger::export(&db, op, id, &mut out)?;
            Ok(out.flush().is_ok())
        }
        Tool::Result {
            tournament,
            postgres,
        } => {
            let (op, id) = split(tournament)?;
            let db = Db::connect(postgres)?;
            match ledger::audit_record(&db, op, id)? {
                Some(json) => {
                    let value: serde_json::Value = serde_json::from_str(&json)
                        .map_err(|e| WorkerError::Config(e.to_string()))?;
                    let pretty = serde_json::to_string_pretty(&value).unwrap_or(json);
                    Ok(writeln!(std::io::stdout().lock(), "{pretty}").is_ok())
                }
                None => {
                    eprintln!("error: `{tournament}` has no final result");
                    Ok(false)
                }
            }
        }
    }
}

fn send(
    file: &PathBuf,
    brokers: &str,
    topic: &str,
    postgres: &str,
    tournament: &str,
) -> Result<bool, WorkerError> {
    let (op, id) = split(tournament)?;
    let db = Db::connect(postgres)?;
    if ledger::finalized(&db, op, id)? {
        eprintln!("error: `{tournament}` is finalized; its result can no longer change");
        return Ok(false);
    }
    let text = std::fs::read_to_string(file)
        .map_err(|e| WorkerError::Config(format!("cannot read `{}`: {e}", file.display())))?;
    let errors = Deliveries::default();
    let producer = kafka::producer(brokers, errors.clone())?;
    let mut sent = 0u64;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let mut record = BaseRecord::<(), str, usize>::with_opaque_to(topic, 0).payload(line);
        while let Err((e, back)) = producer.send(record) {
            tracing::debug!(error = %e, "the producer's queue is full; waiting");
            producer.poll(Duration::from_millis(10));
            record = back;
        }
        sent += 1;
    }
    kafka::flush(&producer, Duration::from_secs(30))?;
    if errors.count() > 0 {
        eprintln!(
            "error: {} of {sent} records could not be delivered",
            errors.count()
        );
        return Ok(false);
    }
    eprintln!("sent {sent} records to `{topic}`");
    Ok(true)
}
