//! The ledger: every wager of its operator a tournament read, marked counted or not,
//! kept in PostgreSQL beside its snapshots (`tourney_counted`). Rows are added in the
//! statement that stores the snapshot covering them, so the ledger holds exactly what
//! the stored state read, whatever crashed in between. It gives the final audit record
//! its digest of the counted wagers, and `tourney worker ledger` the wagers read, in
//! the order they were read, for `tourney reconcile` and `tourney verify`.

use crate::db::Db;
use crate::store::StoreError;
use rust_decimal::Decimal;
use std::io::Write;
use tourney::audit::digest::{self, Digest};
use tourney::engine::ingest::wager_line;
use tourney::ir::WagerEvent;

/// Wagers read since the last snapshot, as the columns the statement takes.
#[derive(Debug, Default)]
pub struct Counted {
    pub ids: Vec<Vec<u8>>,
    pub counted: Vec<bool>,
    pub ns: Vec<i64>,
    pub lines: Vec<Vec<u8>>,
    pub events: Vec<String>,
}

impl Counted {
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

/// The digest of a tournament's ledger: its lines in byte order, hashed as they are
/// read, with the sum of their stakes.
pub fn digest(db: &Db, operator: &str, tournament: &str) -> Result<Digest, StoreError> {
    db.run(|c| {
        let rows = c.query(
            "SELECT line FROM tourney_counted
             WHERE operator_id = $1 AND tournament_id = $2 AND counted ORDER BY line",
            &[&operator, &tournament],
        )?;
        let lines: Vec<Vec<u8>> = rows.iter().map(|r| r.get(0)).collect();
        let text: Vec<String> = lines
            .iter()
            .map(|l| String::from_utf8_lossy(l).into_owned())
            .collect();
        let stakes = text
            .iter()
            .map(|l| stake(l))
            .fold(Decimal::ZERO, |a, b| a.saturating_add(b));
        Ok(digest::of_sorted(text.iter().map(String::as_str), stakes))
    })
}

/// The amount of a digest line (`id<TAB>amount<LF>`).
fn stake(line: &str) -> Decimal {
    line.trim_end_matches('\n')
        .rsplit('\t')
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or_default()
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
