//! The ledger: every wager of its operator a tournament read, marked counted or not,
//! kept in PostgreSQL beside its snapshots (`tourney_counted`). Rows are added in the
//! statement that stores the snapshot covering them, so the ledger holds exactly what
//! the stored state read, whatever crashed in between. It gives the final audit record
//! its digest of the counted wagers, and `tourney worker ledger` the wagers read, in
//! the order they were read, for `tourney reconcile` and `tourney verify`.

use crate::db::Db;
use crate::store::StoreError;
use postgres::fallible_iterator::FallibleIterator;
use std::io::Write;
use tourney::audit::digest::{self, Digest};
use tourney::engine::ingest::wager_line;
use tourney::ir::WagerEvent;

/// Ledger rows: the wagers read since the last snapshot, as the columns the statement
/// takes.
#[derive(Debug, Default)]
pub struct Rows {
    pub ids: Vec<Vec<u8>>,
    pub counted: Vec<bool>,
    pub ns: Vec<i64>,
    pub lines: Vec<Vec<u8>>,
    pub events: Vec<String>,
}

impl Rows {
    /// Adds the `n`th event of the tournament, read from `payload`, `counted` or not.
    /// The payload is kept as it came (a record of the wager stream); one that is not
    /// UTF-8 text, which no wager is, is written again from the event.
    pub fn add(&mut self, ev: &WagerEvent, payload: &[u8], n: u64, counted: bool) {
        let id = ev.wager_id.as_deref().unwrap_or("");
        self.ids.push(id.as_bytes().to_vec());
        self.counted.push(counted);
        self.ns.push(i64::try_from(n).unwrap_or(i64::MAX));
        self.lines
            .push(digest::line(id, ev.wager_amount).into_bytes());
        let text = std::str::from_utf8(payload).map(str::trim_end);
        self.events
            .push(text.map_or_else(|_| wager_line(ev), str::to_owned));
    }

    pub fn clear(&mut self) {
        self.ids.clear();
        self.counted.clear();
        self.ns.clear();
        self.lines.clear();
        self.events.clear();
    }
}

/// The digest of a tournament's ledger: its counted lines in byte order, hashed as
/// they stream from the database, with the sum of their stakes.
pub fn digest(db: &Db, operator: &str, tournament: &str) -> Result<Digest, StoreError> {
    db.run(|c| {
        let params: [&(dyn postgres::types::ToSql + Sync); 2] = [&operator, &tournament];
        let mut rows = c.query_raw(
            "SELECT line FROM tourney_counted
             WHERE operator_id = $1 AND tournament_id = $2 AND counted ORDER BY line",
            params,
        )?;
        let mut sorted = digest::Sorted::default();
        while let Some(row) = rows.next()? {
            let line: &[u8] = row.get(0);
            let stake = std::str::from_utf8(line).ok().and_then(digest::stake_of);
            sorted.add(line, stake);
        }
        Ok(sorted.finish())
    })
}

/// Writes the wagers a tournament read as NDJSON, in the order it read them; the
/// number written.
pub fn export(
    db: &Db,
    operator: &str,
    tournament: &str,
    out: &mut dyn Write,
) -> Result<u64, StoreError> {
    let rows = db.run(|c| {
        Ok(c.query(
            "SELECT event FROM tourney_counted
             WHERE operator_id = $1 AND tournament_id = $2 ORDER BY n",
            &[&operator, &tournament],
        )?)
    })?;
    let mut n = 0;
    for r in &rows {
        let line: String = r.get(0);
        if writeln!(out, "{line}").is_err() {
            break;
        }
        n += 1;
    }
    Ok(n)
}

/// The audit record stored with a tournament's final result, as JSON text.
pub fn audit_record(
    db: &Db,
    operator: &str,
    tournament: &str,
) -> Result<Option<String>, StoreError> {
    db.run(|c| {
        let row = c.query_opt(
            "SELECT audit::text FROM tourney_results
             WHERE operator_id = $1 AND tournament_id = $2",
            &[&operator, &tournament],
        )?;
        Ok(row.and_then(|r| r.get::<_, Option<String>>(0)))
    })
}

/// Whether a tournament has a final result stored.
pub fn finalized(db: &Db, operator: &str, tournament: &str) -> Result<bool, StoreError> {
    db.run(|c| {
        let row = c.query_opt(
            "SELECT 1 FROM tourney_results WHERE operator_id = $1 AND tournament_id = $2",
            &[&operator, &tournament],
        );
        // Before the first result the table may not exist: nothing is finalized.
        Ok(matches!(row, Ok(Some(_))))
    })
}
