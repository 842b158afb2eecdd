//! The durable store: PostgreSQL holds each tournament's latest snapshot together with
//! the input offsets it covers, and the final result as the audit record.
//!
//! A snapshot row is written in one statement, so the engine state and the offsets it
//! produced always advance together. Each worker takes a lease (a generation number)
//! when it starts; a snapshot from an older generation is refused, so a worker that was
//! presumed dead cannot overwrite the state of the one that replaced it.

use crate::offsets::Offsets;
use postgres::{Client, NoTls};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("PostgreSQL: {0}")]
    Db(#[from] postgres::Error),
    #[error("stored state of {0} is unreadable: {1}")]
    Corrupt(String, String),
    #[error("another worker (generation {current}) took over tournament {tournament}; this one (generation {mine}) stops")]
    Fenced {
        tournament: String,
        mine: i64,
        current: i64,
    },
}

/// The tables, created under a lock held to the end of the transaction: two scorers of
/// one worker starting on a fresh database at once would otherwise race in `CREATE
/// TABLE IF NOT EXISTS`, and one of them fail on a duplicate type.
const SCHEMA: &str = "
BEGIN;
SELECT pg_advisory_xact_lock(7318146120958734337);
CREATE TABLE IF NOT EXISTS tourney_leases (
  operator_id   text   NOT NULL,
  tournament_id text   NOT NULL,
  generation    bigint NOT NULL,
  taken_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (operator_id, tournament_id)
);
CREATE TABLE IF NOT EXISTS tourney_snapshots (
  operator_id   text   NOT NULL,
  tournament_id text   NOT NULL,
  generation    bigint NOT NULL,
  fingerprint   text   NOT NULL,
  offsets       jsonb  NOT NULL,
  events        bigint NOT NULL,
  engine        bytea  NOT NULL,
  taken_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (operator_id, tournament_id)
);
CREATE TABLE IF NOT EXISTS tourney_results (
  operator_id   text   NOT NULL,
  tournament_id text   NOT NULL,
  finalized_at  timestamptz NOT NULL DEFAULT now(),
  offsets       jsonb  NOT NULL,
  stats         jsonb  NOT NULL,
  board         jsonb  NOT NULL,
  PRIMARY KEY (operator_id, tournament_id)
);
COMMIT;";

/// What was stored at the last snapshot.
pub struct Stored {
    pub offsets: Offsets,
    pub engine_json: Vec<u8>,
}

/// A connection to the store, holding this worker's lease on one tournament.
pub struct Store {
    db: Client,
    operator: String,
    tournament: String,
    generation: i64,
}

impl Store {
    /// Connects, creates the tables if needed and takes the lease.
    pub fn open(url: &str, operator: &str, tournament: &str) -> Result<Store, StoreError> {
        let mut db = Client::connect(url, NoTls)?;
        db.batch_execute(SCHEMA)?;
        let row = db.query_one(
            "INSERT INTO tourney_leases (operator_id, tournament_id, generation)
             VALUES ($1, $2, 1)
             ON CONFLICT (operator_id, tournament_id)
             DO UPDATE SET generation = tourney_leases.generation + 1, taken_at = now()
             RETURNING generation",
            &[&operator, &tournament],
        )?;
        Ok(Store {
            db,
            operator: operator.to_string(),
            tournament: tournament.to_string(),
            generation: row.get(0),
        })
    }

    pub fn generation(&self) -> i64 {
        self.generation
    }

    /// The latest snapshot, if any.
    pub fn load(&mut self) -> Result<Option<Stored>, StoreError> {
        let row = self.db.query_opt(
            "SELECT offsets::text, engine FROM tourney_snapshots
             WHERE operator_id = $1 AND tournament_id = $2",
            &[&self.operator, &self.tournament],
        )?;
        let Some(row) = row else { return Ok(None) };
        let offsets: String = row.get(0);
        let offsets = serde_json::from_str(&offsets)
            .map_err(|e| StoreError::Corrupt(self.tournament.clone(), e.to_string()))?;
        Ok(Some(Stored {
            offsets,
            engine_json: row.get(1),
        }))
    }

    /// Replaces the snapshot with `engine_json` covering `offsets`, unless a newer
    /// worker holds the lease.
    pub fn save(
        &mut self,
        fingerprint: &str,
        offsets: &Offsets,
        events: u64,
        engine_json: &[u8],
    ) -> Result<(), StoreError> {
        let offsets = serde_json::to_string(offsets)
            .map_err(|e| StoreError::Corrupt(self.tournament.clone(), e.to_string()))?;
        let events = i64::try_from(events).unwrap_or(i64::MAX);
        let written = self.db.execute(
            "INSERT INTO tourney_snapshots
               (operator_id, tournament_id, generation, fingerprint, offsets, events, engine)
             SELECT $1, $2, $3, $4, $5::text::jsonb, $6, $7
             WHERE $3 >= (SELECT generation FROM tourney_leases
                          WHERE operator_id = $1 AND tournament_id = $2)
             ON CONFLICT (operator_id, tournament_id) DO UPDATE SET
               generation = EXCLUDED.generation, fingerprint = EXCLUDED.fingerprint,
               offsets = EXCLUDED.offsets, events = EXCLUDED.events,
               engine = EXCLUDED.engine, taken_at = now()",
            &[
                &self.operator,
                &self.tournament,
                &self.generation,
                &fingerprint,
                &offsets,
                &events,
                &engine_json,
            ],
        )?;
        if written == 1 {
            return Ok(());
        }
        let current = self.current_generation()?;
        Err(StoreError::Fenced {
            tournament: self.tournament.clone(),
            mine: self.generation,
            current,
        })
    }

    fn current_generation(&mut self) -> Result<i64, StoreError> {
        let row = self.db.query_one(
            "SELECT generation FROM tourney_leases WHERE operator_id = $1 AND tournament_id = $2",
            &[&self.operator, &self.tournament],
        )?;
        Ok(row.get(0))
    }

    /// Writes the final result (the audit record); a rerun writes the same record again.
    pub fn finalize(
        &mut self,
        offsets: &Offsets,
        stats_json: &str,
        board_json: &str,
    ) -> Result<(), StoreError> {
        let offsets = serde_json::to_string(offsets)
            .map_err(|e| StoreError::Corrupt(self.tournament.clone(), e.to_string()))?;
        self.db.execute(
            "INSERT INTO tourney_results
               (operator_id, tournament_id, offsets, stats, board)
             VALUES ($1, $2, $3::text::jsonb, $4::text::jsonb, $5::text::jsonb)
             ON CONFLICT (operator_id, tournament_id) DO UPDATE SET
               finalized_at = now(), offsets = EXCLUDED.offsets,
               stats = EXCLUDED.stats, board = EXCLUDED.board",
            &[
                &self.operator,
                &self.tournament,
                &offsets,
                &stats_json,
                &board_json,
            ],
        )?;
        Ok(())
    }

    /// The final board stored for a tournament, as JSON text.
    pub fn result(&mut self) -> Result<Option<String>, StoreError> {
        let row = self.db.query_opt(
            "SELECT board::text FROM tourney_results WHERE operator_id = $1 AND tournament_id = $2",
            &[&self.operator, &self.tournament],
        )?;
        Ok(row.map(|r| r.get(0)))
    }
}
