//! Writing the durable leaderboard ([`crate::table`]) from the scoring loop.

use super::Scorer;
use crate::store::StoreError;
use crate::WorkerError;

impl Scorer {
    /// Notes the players who counted a wager, for the next table write.
    pub(super) fn mark_standings(&mut self) {
        if let Some(table) = self.table.as_mut() {
            table.mark(&self.touched);
        }
    }

    /// Writes the changed standings when the interval has passed, or now with `exact`
    /// (finalization: every moved place too). A failed periodic write is logged and
    /// its changes wait for the next one; a failed final write, or a lost lease, stops
    /// the scorer.
    pub(super) fn write_standings(&mut self, exact: bool) -> Result<(), WorkerError> {
        let Some(table) = self.table.as_mut() else {
            return Ok(());
        };
        table.mark(&self.touched);
        if !exact && !table.due() {
            return Ok(());
        }
        let engine = self.live.read();
        let clock = self.live.latest_event_ms();
        match table.write(&engine, &self.offsets, clock, exact) {
            Ok(w) => {
                tracing::debug!(
                    tournament = %self.t.id, rows = w.rows, top = w.top, waiting = w.waiting,
                    "standings written"
                );
                Ok(())
            }
            Err(e @ StoreError::Fenced { .. }) => Err(e.into()),
            Err(e) if exact => Err(e.into()),
            Err(e) => {
                tracing::warn!(tournament = %self.t.id, error = %e, "standings write failed; retried at the next interval");
                Ok(())
            }
        }
    }
}
