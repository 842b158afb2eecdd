//! The durable leaderboard: PostgreSQL tables an operator can query at any time, as
//! the origin system's leaderboard table was.
//!
//! - `tourney_standings` (operator, tournament, player): place, score, wagers, the
//!   ranking key (`order_key`, bytes that sort in ranking order) and `updated_at`;
//! - `tourney_standings_top` (operator, tournament, at): the top of the board each
//!   time it changed, at the event time of the write;
//! - `tourney_standings_counters` (operator, tournament, minute of event time): the
//!   engine's counters (cumulative) and the players ranked, the last write of each
//!   minute;
//! - `tourney_standings_writes` (operator, tournament): what the tables reflect (the
//!   events applied, the offsets, the lease generation that wrote them).
//!
//! Every `--standings-every-s` seconds (10 by default) the scorer writes, in one
//! transaction, only the rows that changed: the players who counted a wager since the
//! last write, and the players of the top of the board (the board's size, at most
//! [`EXACT_TOP`]) whose place moved. Below the top, a player who did not play keeps the
//! place of their last write while others pass them; their `order_key` stays exact, so
//! `ORDER BY order_key` and the `tourney_standings_ranked` view give the exact order
//! of the last write. The final write (at finalization) rewrites every place that
//! moved, so the finished board is exact in every row.
//!
//! Exactly once: the tables are a function of the engine state, written with absolute
//! values (never increments) in one transaction with the event count they reflect,
//! fenced by the lease like the snapshots. A crash before the commit leaves the
//! previous write whole. A restarted worker resumes from its snapshot (older than the
//! tables, possibly), writes nothing until it has applied at least the events the
//! tables reflect (so they never go back in time), then rewrites every player once,
//! which converges the tables on the engine's state.

use crate::db::Db;
use crate::member::key_bytes;
use crate::offsets::Offsets;
use crate::store::StoreError;
use postgres::Transaction;
use std::time::{Duration, Instant};
use tourney::engine::standings::Standings;
use tourney::engine::{Engine, Stats};
use tourney::serve::history::TopEntry;

/// Most top places kept exact at every write.
pub const EXACT_TOP: usize = 1000;
/// Most places of the board kept in `tourney_standings_top` (fewer on a smaller board).
pub const TOP_KEPT: usize = 10;
/// Rows per statement.
const CHUNK: usize = 20_000;
const MINUTE_MS: i64 = 60_000;

const SCHEMA: &str = "
BEGIN;
SELECT pg_advisory_xact_lock(7318146120958734338);
CREATE TABLE IF NOT EXISTS tourney_standings (
  operator_id   text     NOT NULL,
  tournament_id text     NOT NULL,
  player_id     text     NOT NULL,
  place         integer  NOT NULL,
  score         numeric  NOT NULL,
  wagers        integer  NOT NULL,
  order_key     bytea    NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (operator_id, tournament_id, player_id)
);
CREATE INDEX IF NOT EXISTS tourney_standings_order
  ON tourney_standings (operator_id, tournament_id, order_key);
CREATE OR REPLACE VIEW tourney_standings_ranked AS
  SELECT operator_id, tournament_id, player_id,
         row_number() OVER (PARTITION BY operator_id, tournament_id ORDER BY order_key) AS place,
         score, wagers, updated_at
  FROM tourney_standings;
CREATE TABLE IF NOT EXISTS tourney_standings_top (
  operator_id   text    NOT NULL,
  tournament_id text    NOT NULL,
  at            timestamptz NOT NULL,
  players       bigint  NOT NULL,
  top           jsonb   NOT NULL,
  PRIMARY KEY (operator_id, tournament_id, at)
);
CREATE TABLE IF NOT EXISTS tourney_standings_counters (
  operator_id   text    NOT NULL,
  tournament_id text    NOT NULL,
  at            timestamptz NOT NULL,
  events        bigint  NOT NULL,
  counted       bigint  NOT NULL,
  duplicates    bigint  NOT NULL,
  late          bigint  NOT NULL,
  unscorable    bigint  NOT NULL,
  malformed     bigint  NOT NULL,
  ineligible    jsonb   NOT NULL,
  players       bigint  NOT NULL,
  PRIMARY KEY (operator_id, tournament_id, at)
);
CREATE TABLE IF NOT EXISTS tourney_standings_writes (
  operator_id   text    NOT NULL,
  tournament_id text    NOT NULL,
  generation    bigint  NOT NULL,
  fingerprint   text    NOT NULL,
  events        bigint  NOT NULL,
  offsets       jsonb   NOT NULL,
  written_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (operator_id, tournament_id)
);
COMMIT;";

/// What one write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Written {
    /// Player rows written.
    pub rows: usize,
    /// Whether the top of the board changed (and a top row was written).
    pub top: bool,
    /// Nothing written: the restored engine has not caught up with the tables yet.
    pub waiting: bool,
}

/// Who writes, and what they hold the lease as.
#[derive(Debug, Clone)]
pub struct Owner {
    pub operator: String,
    pub tournament: String,
    pub generation: i64,
    /// The tournament's fingerprint: rows of another version are cleared first.
    pub fingerprint: String,
}

/// One tournament's durable leaderboard writer.
pub struct Table {
    db: Db,
    owner: Owner,
    every: Duration,
    last: Instant,
    /// Players who counted a wager since the last write, and their marks.
    dirty: Vec<u32>,
    marked: Vec<bool>,
    /// The place last written for each player index (0: none yet).
    written: Vec<u32>,
    /// The next write writes every player (start, restart).
    full: bool,
    /// The tables hold another version's rows: clear them in the next write.
    reset: bool,
    /// Events the tables reflected at start: nothing is written below it.
    floor: u64,
    last_top: Vec<TopEntry>,
}

impl Table {
    /// Connects, creates the tables if needed and reads what they reflect.
    pub fn open(db: &Db, owner: Owner, every: Duration) -> Result<Table, StoreError> {
        let row = db.with_schema(SCHEMA, |c| {
            Ok(c.query_opt(
                "SELECT fingerprint, events FROM tourney_standings_writes
                 WHERE operator_id = $1 AND tournament_id = $2",
                &[&owner.operator, &owner.tournament],
            )?)
        })?;
        let (reset, floor) = match row {
            Some(r) if r.get::<_, String>(0) == owner.fingerprint => {
                (false, u64::try_from(r.get::<_, i64>(1)).unwrap_or(0))
            }
            Some(_) => (true, 0),
            None => (false, 0),
        };
        Ok(Table {
            db: db.clone(),
            owner,
            every,
            last: Instant::now(),
            dirty: Vec::new(),
            marked: Vec::new(),
            written: Vec::new(),
            full: true,
            reset,
            floor,
            last_top: Vec::new(),
        })
    }

    /// Notes players (indices into the standings) who counted a wager.
    pub fn mark(&mut self, players: &[u32]) {
        for &idx in players {
            let i = idx as usize;
            if self.marked.len() <= i {
                self.marked.resize(i + 1, false);
            }
            if !self.marked[i] {
                self.marked[i] = true;
                self.dirty.push(idx);
            }
        }
    }

    /// Whether the interval since the last write has passed.
    pub fn due(&self) -> bool {
        self.last.elapsed() >= self.every
    }

    /// Writes what changed since the last write; with `exact`, also every player whose
    /// place moved (the final write). On an error the changes stay pending for the
    /// next write; a [`StoreError::Fenced`] means another worker took over.
    pub fn write(
        &mut self,
        engine: &Engine,
        offsets: &Offsets,
        clock_ms: Option<i64>,
        exact: bool,
    ) -> Result<Written, StoreError> {
        self.last = Instant::now();
        if engine.stats.events < self.floor {
            return Ok(Written {
                waiting: true,
                ..Written::default()
            });
        }
        self.try_write(engine, offsets, clock_ms, exact)
    }

    fn try_write(
        &mut self,
        engine: &Engine,
        offsets: &Offsets,
        clock_ms: Option<i64>,
        exact: bool,
    ) -> Result<Written, StoreError> {
        let st = engine.standings();
        let size = engine.tournament().leaderboard.size as usize;
        let rows = self.rows(st, size, exact);
        let top = top_of(st, size);
        let top_changed = top != self.last_top;
        let (owner, reset) = (&self.owner, self.reset);
        self.db.run(|db| {
            let mut tx = db.transaction()?;
            claim(&mut tx, owner, engine.stats.events, offsets)?;
            if reset {
                clear(&mut tx, owner)?;
            }
            for chunk in rows.chunks(CHUNK) {
                upsert(&mut tx, owner, st, chunk)?;
            }
            if let Some(clock) = clock_ms {
                if top_changed {
                    insert_top(&mut tx, owner, clock, st.len(), &top)?;
                }
                upsert_counters(&mut tx, owner, clock, &engine.stats, st.len())?;
            }
            Ok(tx.commit()?)
        })?;
        for &(place, idx) in &rows {
            let i = idx as usize;
            if self.written.len() <= i {
                self.written.resize(i + 1, 0);
            }
            self.written[i] = place;
        }
        for idx in self.dirty.drain(..) {
            if let Some(m) = self.marked.get_mut(idx as usize) {
                *m = false;
            }
        }
        self.full = false;
        self.reset = false;
        let top_written = top_changed && clock_ms.is_some();
        if top_written {
            self.last_top = top;
        }
        Ok(Written {
            rows: rows.len(),
            top: top_written,
            waiting: false,
        })
    }

    /// (place, index) of the players to write.
    fn rows(&self, st: &Standings, size: usize, exact: bool) -> Vec<(u32, u32)> {
        let place32 = |p: usize| u32::try_from(p).unwrap_or(u32::MAX);
        if self.full {
            return st.indices_from(1).map(|(p, i)| (place32(p), i)).collect();
        }
        let mut out: Vec<(u32, u32)> = self
            .dirty
            .iter()
            .filter_map(|&i| Some((place32(st.place(i)?), i)))
            .collect();
        let moved = |&(p, i): &(usize, u32)| {
            let stale = self.written.get(i as usize).copied().unwrap_or(0) != place32(p);
            let listed = self.marked.get(i as usize).copied().unwrap_or(false);
            stale && !listed
        };
        let top = if exact {
            usize::MAX
        } else {
            size.clamp(1, EXACT_TOP)
        };
        out.extend(
            st.indices_from(1)
                .take(top)
                .filter(moved)
                .map(|(p, i)| (place32(p), i)),
        );
        out
    }
}

/// The board's first places: its size, at most [`TOP_KEPT`].
fn top_of(st: &Standings, size: usize) -> Vec<TopEntry> {
    st.from_place(1)
        .take(size.clamp(1, TOP_KEPT))
        .map(|(place, p)| TopEntry {
            place,
            player: p.id.clone(),
            score: p.score,
            wagers: p.wagers,
        })
        .collect()
}

/// Records what the tables reflect, unless a newer generation holds the lease.
fn claim(
    tx: &mut Transaction<'_>,
    o: &Owner,
    events: u64,
    offsets: &Offsets,
) -> Result<(), StoreError> {
    let offsets = serde_json::to_string(offsets)
        .map_err(|e| StoreError::Corrupt(o.tournament.clone(), e.to_string()))?;
    let events = i64::try_from(events).unwrap_or(i64::MAX);
    let n = tx.execute(
        "INSERT INTO tourney_standings_writes
           (operator_id, tournament_id, generation, fingerprint, events, offsets)
         SELECT $1, $2, $3, $4, $5, $6::text::jsonb
         WHERE $3 >= (SELECT generation FROM tourney_leases
                      WHERE operator_id = $1 AND tournament_id = $2)
         ON CONFLICT (operator_id, tournament_id) DO UPDATE SET
           generation = EXCLUDED.generation, fingerprint = EXCLUDED.fingerprint,
           events = EXCLUDED.events, offsets = EXCLUDED.offsets, written_at = now()",
        &[
            &o.operator,
            &o.tournament,
            &o.generation,
            &o.fingerprint,
            &events,
            &offsets,
        ],
    )?;
    if n == 1 {
        return Ok(());
    }
    let row = tx.query_opt(
        "SELECT generation FROM tourney_leases WHERE operator_id = $1 AND tournament_id = $2",
        &[&o.operator, &o.tournament],
    )?;
    Err(StoreError::Fenced {
        tournament: o.tournament.clone(),
        mine: o.generation,
        current: row.map_or(0, |r| r.get(0)),
    })
}

fn clear(tx: &mut Transaction<'_>, o: &Owner) -> Result<(), StoreError> {
    for table in [
        "tourney_standings",
        "tourney_standings_top",
        "tourney_standings_counters",
    ] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE operator_id = $1 AND tournament_id = $2"),
            &[&o.operator, &o.tournament],
        )?;
    }
    Ok(())
}

/// One multi-row UPSERT of `rows` (place, index).
fn upsert(
    tx: &mut Transaction<'_>,
    o: &Owner,
    st: &Standings,
    rows: &[(u32, u32)],
) -> Result<(), StoreError> {
    let n = rows.len();
    let (mut ids, mut places, mut scores, mut wagers, mut keys) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for &(place, idx) in rows {
        let (Some(p), Some(k)) = (st.player(idx), st.rank_key(idx)) else {
            continue;
        };
        ids.push(p.id.as_str());
        places.push(i32::try_from(place).unwrap_or(i32::MAX));
        scores.push(p.score.to_string());
        wagers.push(i32::try_from(p.wagers).unwrap_or(i32::MAX));
        keys.push(key_bytes(&k));
    }
    tx.execute(
        "INSERT INTO tourney_standings
           (operator_id, tournament_id, player_id, place, score, wagers, order_key)
         SELECT $1, $2, r.id, r.place, r.score::numeric, r.wagers, r.k
         FROM unnest($3::text[], $4::int[], $5::text[], $6::int[], $7::bytea[])
              AS r(id, place, score, wagers, k)
         ON CONFLICT (operator_id, tournament_id, player_id) DO UPDATE SET
           place = EXCLUDED.place, score = EXCLUDED.score, wagers = EXCLUDED.wagers,
           order_key = EXCLUDED.order_key, updated_at = now()",
        &[
            &o.operator,
            &o.tournament,
            &ids,
            &places,
            &scores,
            &wagers,
            &keys,
        ],
    )?;
    Ok(())
}

fn insert_top(
    tx: &mut Transaction<'_>,
    o: &Owner,
    clock_ms: i64,
    players: usize,
    top: &[TopEntry],
) -> Result<(), StoreError> {
    let json = serde_json::to_string(top)
        .map_err(|e| StoreError::Corrupt(o.tournament.clone(), e.to_string()))?;
    let players = i64::try_from(players).unwrap_or(i64::MAX);
    tx.execute(
        "INSERT INTO tourney_standings_top (operator_id, tournament_id, at, players, top)
         VALUES ($1, $2, to_timestamp($3::float8 / 1000), $4, $5::text::jsonb)
         ON CONFLICT (operator_id, tournament_id, at) DO UPDATE SET
           players = EXCLUDED.players, top = EXCLUDED.top",
        &[
            &o.operator,
            &o.tournament,
            &(clock_ms as f64),
            &players,
            &json,
        ],
    )?;
    Ok(())
}

fn upsert_counters(
    tx: &mut Transaction<'_>,
    o: &Owner,
    clock_ms: i64,
    s: &Stats,
    players: usize,
) -> Result<(), StoreError> {
    let minute = clock_ms.div_euclid(MINUTE_MS) * MINUTE_MS;
    let ineligible = serde_json::to_string(&s.ineligible_by_rule)
        .map_err(|e| StoreError::Corrupt(o.tournament.clone(), e.to_string()))?;
    let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    tx.execute(
        "INSERT INTO tourney_standings_counters
           (operator_id, tournament_id, at, events, counted, duplicates, late, unscorable,
            malformed, ineligible, players)
         VALUES ($1, $2, to_timestamp($3::float8 / 1000), $4, $5, $6, $7, $8, $9,
                 $10::text::jsonb, $11)
         ON CONFLICT (operator_id, tournament_id, at) DO UPDATE SET
           events = EXCLUDED.events, counted = EXCLUDED.counted,
           duplicates = EXCLUDED.duplicates, late = EXCLUDED.late,
           unscorable = EXCLUDED.unscorable, malformed = EXCLUDED.malformed,
           ineligible = EXCLUDED.ineligible, players = EXCLUDED.players",
        &[
            &o.operator,
            &o.tournament,
            &(minute as f64),
            &n(s.events),
            &n(s.counted),
            &n(s.duplicates),
            &n(s.late),
            &n(s.unscorable),
            &n(s.malformed),
            &ineligible,
            &n(players as u64),
        ],
    )?;
    Ok(())
}
