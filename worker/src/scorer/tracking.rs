//! Gap tracking in a worker: after each batch the scorer settles the engine's
//! tracking, logs the gaps and control mismatches that are new, and hands what is
//! open to the metrics (see the book's chapter "Lost events and audits").

use super::Scorer;
use tourney::engine::sources::Notice;

impl Scorer {
    /// Logs what became a gap or a mismatch and updates the gap gauges.
    pub(super) fn watch_sources(&mut self) {
        // Most inputs carry no sources: a read lock tells, and taking the write lock
        // (which wakes the tournament's watchers) is left to those that do.
        if self.live.read().sources().memory().clock_ms.is_none() {
            return;
        }
        let (notices, report) = {
            let mut writer = self.live.write();
            let sources = writer.engine_mut().sources_mut();
            sources.settle();
            (sources.drain_notices(), sources.report(false))
        };
        for n in notices {
            log(&self.t.operator, &self.t.id, &n);
        }
        self.shared
            .metrics
            .set_gaps(&self.t.operator, &self.t.id, &report);
    }
}

fn log(operator: &str, tournament: &str, n: &Notice) {
    match n {
        Notice::Gap(g) => tracing::warn!(
            operator, tournament, source = %g.source, first = g.first, last = g.last,
            missing = g.missing, age_ms = g.age_ms,
            "wagers never arrived: a gap in the source's sequence outlasted the grace period"
        ),
        Notice::Mismatch(m) => tracing::warn!(
            operator, tournament, source = %m.control.source_id,
            from_ms = m.control.from_ms, to_ms = m.control.to_ms,
            produced = m.control.wagers, arrived = m.arrived.wagers,
            produced_stakes = %m.control.stakes, arrived_stakes = %m.arrived.stakes,
            "a source's control record does not match the wagers that arrived"
        ),
        Notice::ClaimDropped(c) => tracing::warn!(
            operator, tournament, source = %c.source_id, from_ms = c.from_ms,
            "too many control windows waiting; the oldest was dropped unchecked"
        ),
    }
}
