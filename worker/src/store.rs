//! The durable store: PostgreSQL holds each tournament's latest snapshot together with
//! the input offsets it covers, and the final result as the audit record.
//!
//! A snapshot row is written in one statement, so the engine state and the offsets it
//! produced always advance together. Each worker takes a lease (a generation number)
//! when it starts (or, in a pool, when the consumer group assigns it the tournament); a
//! snapshot from an older generation is refused, so a worker that was presumed dead
//! cannot overwrite the state of the one that replaced it. Every lease taken is also
//! logged with its holder, and the log row is closed when the lease is released (a
//! pool member giving the tournament back), so who scored what, when, can be audited.

use crate::db::Db;
use crate::ledger::Rows;
use crate::offsets::Offsets;
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
ALTER TABLE tourney_leases ADD COLUMN IF NOT EXISTS holder text;
ALTER TABLE tourney_leases ADD COLUMN IF NOT EXISTS api_url text;
CREATE TABLE IF NOT EXISTS tourney_lease_log (
  operator_id   text   NOT NULL,
  tournament_id text   NOT NULL,
  generation    bigint NOT NULL,
  holder        text   NOT NULL,
  taken_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  released_at   timestamptz,
  PRIMARY KEY (operator_id, tournament_id, generation)
);
ALTER TABLE tourney_lease_log ADD COLUMN IF NOT EXISTS ended text;
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
ALTER TABLE tourney_results ADD COLUMN IF NOT EXISTS audit jsonb;
CREATE TABLE IF NOT EXISTS tourney_counted (
  operator_id   text   NOT NULL,
  tournament_id text   NOT NULL,
  wager_id      bytea  NOT NULL,
  counted       boolean NOT NULL,
  n             bigint NOT NULL,
  line          bytea  NOT NULL,
  event         text   NOT NULL,
  PRIMARY KEY (operator_id, tournament_id, wager_id)
);
COMMIT;";

/// Who takes a lease: a name for the process (host and pid, or the pod's name) and
/// where its read API answers, for the replicas that forward to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub name: String,
    pub api_url: Option<String>,
}

impl Holder {
    pub fn named(name: &str) -> Holder {
        Holder {
            name: name.to_string(),
            api_url: None,
        }
    }
}

/// What was stored at the last snapshot.
pub struct Stored {
    pub offsets: Offsets,
    pub engine_json: Vec<u8>,
}

/// One tournament's rows in the store, and this worker's lease on it.
pub struct Store {
    db: Db,
    operator: String,
    tournament: String,
    generation: i64,
}

impl Store {
    /// Creates the tables if needed and takes the lease as `holder`, fencing whoever
    /// held it before.
    pub fn open(
        db: &Db,
        operator: &str,
        tournament: &str,
        holder: &Holder,
    ) -> Result<Store, StoreError> {
        let (name, api_url) = (&holder.name, &holder.api_url);
        let generation = db.with_schema(SCHEMA, |c| {
            let mut tx = c.transaction()?;
            let row = tx.query_one(
                "INSERT INTO tourney_leases (operator_id, tournament_id, generation, holder, api_url)
                 VALUES ($1, $2, 1, $3, $4)
                 ON CONFLICT (operator_id, tournament_id)
                 DO UPDATE SET generation = tourney_leases.generation + 1, taken_at = now(),
                               holder = EXCLUDED.holder, api_url = EXCLUDED.api_url
                 RETURNING generation",
                &[&operator, &tournament, name, api_url],
            )?;
            let generation: i64 = row.get(0);
            tx.execute(
                "INSERT INTO tourney_lease_log (operator_id, tournament_id, generation, holder)
                 VALUES ($1, $2, $3, $4)",
                &[&operator, &tournament, &generation, name],
            )?;
            tx.commit()?;
            Ok(generation)
        })?;
        Ok(Store {
            db: db.clone(),
            operator: operator.to_string(),
            tournament: tournament.to_string(),
            generation,
        })
    }

    /// Gives the lease back: the log row is closed with how the lease `ended`
    /// (`handed back`, `finalized`, or `lost` when a newer generation took it), and
    /// the lease row names no holder, unless a newer generation took it meanwhile.
    pub fn release(&mut self, ended: &str) -> Result<(), StoreError> {
        let (op, id, generation) = (&self.operator, &self.tournament, &self.generation);
        self.db.run(|c| {
            c.execute(
                "UPDATE tourney_lease_log SET released_at = clock_timestamp(), ended = $4
                 WHERE operator_id = $1 AND tournament_id = $2 AND generation = $3",
                &[op, id, generation, &ended],
            )?;
            c.execute(
                "UPDATE tourney_leases SET holder = NULL
                 WHERE operator_id = $1 AND tournament_id = $2 AND generation = $3",
                &[op, id, generation],
            )?;
            Ok(())
        })
    }

    pub fn generation(&self) -> i64 {
        self.generation
    }

    /// The latest snapshot, if any.
    pub fn load(&mut self) -> Result<Option<Stored>, StoreError> {
        let row = self.db.run(|c| {
            Ok(c.query_opt(
                "SELECT offsets::text, engine FROM tourney_snapshots
             WHERE operator_id = $1 AND tournament_id = $2",
                &[&self.operator, &self.tournament],
            )?)
        })?;
        let Some(row) = row else { return Ok(None) };
        let offsets: String = row.get(0);
        let offsets = serde_json::from_str(&offsets)
            .map_err(|e| StoreError::Corrupt(self.tournament.clone(), e.to_string()))?;
        Ok(Some(Stored {
            offsets,
            engine_json: row.get(1),
        }))
    }

    /// Replaces the snapshot with `engine_json` covering `offsets` and adds the wagers
    /// counted since the last one to the ledger, in one statement, unless a newer
    /// worker holds the lease.
    pub fn save(
        &mut self,
        fingerprint: &str,
        offsets: &Offsets,
        events: u64,
        engine_json: &[u8],
        counted: &Rows,
    ) -> Result<(), StoreError> {
        let offsets = serde_json::to_string(offsets)
            .map_err(|e| StoreError::Corrupt(self.tournament.clone(), e.to_string()))?;
        let events = i64::try_from(events).unwrap_or(i64::MAX);
        let written = self.db.run(|c| {
            let row = c.query_one(
                "WITH s AS (
               INSERT INTO tourney_snapshots
               (operator_id, tournament_id, generation, fingerprint, offsets, events, engine)
             SELECT $1, $2, $3, $4, $5::text::jsonb, $6, $7
             WHERE $3 >= (SELECT generation FROM tourney_leases
                          WHERE operator_id = $1 AND tournament_id = $2)
             ON CONFLICT (operator_id, tournament_id) DO UPDATE SET
               generation = EXCLUDED.generation, fingerprint = EXCLUDED.fingerprint,
               offsets = EXCLUDED.offsets, events = EXCLUDED.events,
               engine = EXCLUDED.engine, taken_at = now()
             RETURNING 1),
             l AS (
               INSERT INTO tourney_counted
                 (operator_id, tournament_id, wager_id, counted, n, line, event)
               SELECT $1, $2, u.w, u.c, u.n, u.l, u.e
               FROM unnest($8::bytea[], $12::boolean[], $9::bigint[], $10::bytea[], $11::text[])
                 AS u(w, c, n, l, e)
               WHERE EXISTS (SELECT 1 FROM s)
               ON CONFLICT DO NOTHING)
             SELECT count(*) FROM s",
                &[
                    &self.operator,
                    &self.tournament,
                    &self.generation,
                    &fingerprint,
                    &offsets,
                    &events,
                    &engine_json,
                    &counted.ids,
                    &counted.ns,
                    &counted.lines,
                    &counted.events,
                    &counted.counted,
                ],
            )?;
            Ok(row.get::<_, i64>(0))
        })?;
        if written == 1 {
            return Ok(());
        }
        Err(self.fenced()?)
    }

    /// The error of a write refused because a newer generation holds the lease.
    fn fenced(&mut self) -> Result<StoreError, StoreError> {
        Ok(StoreError::Fenced {
            tournament: self.tournament.clone(),
            mine: self.generation,
            current: self.current_generation()?,
        })
    }

    fn current_generation(&mut self) -> Result<i64, StoreError> {
        let row = self.db.run(|c| {
            Ok(c.query_one(
            "SELECT generation FROM tourney_leases WHERE operator_id = $1 AND tournament_id = $2",
            &[&self.operator, &self.tournament],
        )?)
        })?;
        Ok(row.get(0))
    }

    /// Writes the final result (the audit record), unless a newer worker holds the
    /// lease; a rerun writes the same record again.
    pub fn finalize(
        &mut self,
        offsets: &Offsets,
        stats_json: &str,
        board_json: &str,
        audit_json: &str,
    ) -> Result<(), StoreError> {
        let offsets = serde_json::to_string(offsets)
            .map_err(|e| StoreError::Corrupt(self.tournament.clone(), e.to_string()))?;
        let written = self.db.run(|c| {
            Ok(c.execute(
                "INSERT INTO tourney_results
                   (operator_id, tournament_id, offsets, stats, board, audit)
                 SELECT $1, $2, $3::text::jsonb, $4::text::jsonb, $5::text::jsonb,
                        $7::text::jsonb
                 WHERE $6 >= (SELECT generation FROM tourney_leases
                              WHERE operator_id = $1 AND tournament_id = $2)
                 ON CONFLICT (operator_id, tournament_id) DO UPDATE SET
                   finalized_at = now(), offsets = EXCLUDED.offsets,
                   stats = EXCLUDED.stats, board = EXCLUDED.board,
                   audit = EXCLUDED.audit",
                &[
                    &self.operator,
                    &self.tournament,
                    &offsets,
                    &stats_json,
                    &board_json,
                    &self.generation,
                    &audit_json,
                ],
            )?)
        })?;
        if written == 1 {
            return Ok(());
        }
        Err(self.fenced()?)
    }

    /// The final board stored for a tournament, as JSON text.
    pub fn result(&mut self) -> Result<Option<String>, StoreError> {
        let row = self.db.run(|c| {
            Ok(c.query_opt(
            "SELECT board::text FROM tourney_results WHERE operator_id = $1 AND tournament_id = $2",
            &[&self.operator, &self.tournament],
        )?)
        })?;
        Ok(row.map(|r| r.get(0)))
    }
}

/// Which of `tournaments` (as `operator/id`) have a final result stored.
pub fn finished<'a>(
    db: &Db,
    tournaments: impl Iterator<Item = (&'a str, &'a str)>,
) -> Result<std::collections::BTreeSet<String>, StoreError> {
    let (ops, ids): (Vec<String>, Vec<String>) = tournaments
        .map(|(op, id)| (op.to_string(), id.to_string()))
        .unzip();
    if ops.is_empty() {
        return Ok(Default::default());
    }
    db.with_schema(SCHEMA, |c| {
        let rows = c.query(
            "SELECT r.operator_id, r.tournament_id FROM tourney_results r
             JOIN unnest($1::text[], $2::text[]) AS k(op, id)
               ON r.operator_id = k.op AND r.tournament_id = k.id",
            &[&ops, &ids],
        )?;
        Ok(rows
            .iter()
            .map(|r| format!("{}/{}", r.get::<_, String>(0), r.get::<_, String>(1)))
            .collect())
    })
}

/// The read API address of the current holder of a tournament, if one holds it.
pub fn holder_api(db: &Db, operator: &str, id: &str) -> Result<Lease, StoreError> {
    db.run(|c| {
        let row = c.query_opt(
            "SELECT l.holder IS NOT NULL, l.api_url,
                    EXISTS (SELECT 1 FROM tourney_results r
                            WHERE r.operator_id = l.operator_id AND r.tournament_id = l.tournament_id)
             FROM tourney_leases l WHERE l.operator_id = $1 AND l.tournament_id = $2",
            &[&operator, &id],
        );
        // Before the first lease the table may not exist: nobody holds anything.
        match row {
            Ok(None) => Ok(Lease::None),
            Ok(Some(r)) if r.get::<_, bool>(0) => Ok(Lease::Held(r.get(1))),
            Ok(Some(r)) if r.get::<_, bool>(2) => Ok(Lease::None),
            Ok(Some(_)) => Ok(Lease::Between),
            Err(e) if e.code() == Some(&postgres::error::SqlState::UNDEFINED_TABLE) => {
                Ok(Lease::None)
            }
            Err(e) => Err(e.into()),
        }
    })
}

/// Where a tournament's lease stands, for the read API's forwarding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lease {
    /// Held, by the replica answering at this address (if it gave one).
    Held(Option<String>),
    /// Released and not finalized: about to be taken by another replica.
    Between,
    /// Never leased, or finalized.
    None,
}

/// The current lease generation of each of `tournaments` (`(operator, id)`), by
/// `operator/id`.
pub fn generations(
    db: &Db,
    tournaments: &[(String, String)],
) -> Result<std::collections::BTreeMap<String, i64>, StoreError> {
    if tournaments.is_empty() {
        return Ok(Default::default());
    }
    let (ops, ids): (Vec<&str>, Vec<&str>) = tournaments
        .iter()
        .map(|(o, i)| (o.as_str(), i.as_str()))
        .unzip();
    db.with_schema(SCHEMA, |c| {
        let rows = c.query(
            "SELECT l.operator_id, l.tournament_id, l.generation FROM tourney_leases l
             JOIN unnest($1::text[], $2::text[]) AS k(op, id)
               ON l.operator_id = k.op AND l.tournament_id = k.id",
            &[&ops, &ids],
        )?;
        Ok(rows
            .iter()
            .map(|r| {
                let key = format!("{}/{}", r.get::<_, String>(0), r.get::<_, String>(1));
                (key, r.get::<_, i64>(2))
            })
            .collect())
    })
}
